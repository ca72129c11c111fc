// The part of http-link-header (RFC 8288 Link headers) the client reads. Its DefinitelyTyped
// package pulls Node's types into the browser program, which has none on purpose.
declare module 'http-link-header' {
  interface Reference {
    uri: string;
    rel: string;
    [attribute: string]: string;
  }
  interface Link {
    rel(value: string): Reference[];
  }
  const LinkHeader: { parse(value: string): Link };
  export default LinkHeader;
}
