// English only: osrm-text-instructions bundles 31 languages (1.1 MB); the build swaps its
// languages module for this one (see vite.config.ts), the same exports with 'en' alone.
var en = require('osrm-text-instructions/languages/translations/en.json');
var enAbbreviations = require('osrm-text-instructions/languages/abbreviations/en.json');
module.exports = {
  supportedCodes: ['en'],
  instructions: { en: en },
  grammars: {},
  abbreviations: { en: enAbbreviations },
};
