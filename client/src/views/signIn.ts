/** The sign-in form and the signed-in user in the header. Names reach the page as text only. */
import { api } from '../api/rounds';
import type { Actions } from '../app/actions';
import type { AppState } from '../state/store';
import { formText, h, replaceContent } from './dom';

const SIGN_IN_FIELDS = ['sign-in-username', 'sign-in-password'] as const;
const ROLE_NAMES = { officer: 'Officer', team_leader: 'Team leader', manager: 'Manager', admin: 'Admin' } as const;

/**
 * The sign-in page: a heading, why the user is here (a session that ended, a failed attempt, an
 * unsaved change waiting), then each way to sign in. Another way (a council account through
 * OpenID Connect) is one more entry in `signInMethods`.
 */
export function renderSignIn(container: HTMLElement, state: AppState, actions: Actions): void {
  container.hidden = !state.signIn;
  // Behind it the last user's day may still be drawn (an ended session keeps an unsaved edit): out of
  // reach of the keyboard, the pointer and screen readers until someone signs in.
  for (const region of document.querySelectorAll<HTMLElement>('.app-header, main.layout, #run-sheet')) region.inert = Boolean(state.signIn);
  if (!state.signIn) return replaceContent(container);
  // Typing in progress survives a redraw: replaceContent keeps the focused box's value, this the
  // other's (a sign-out finishing while the next user types must not empty the username).
  const typed = SIGN_IN_FIELDS.map((id) => container.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '');
  replaceContent(
    container,
    h(
      'div',
      { class: 'sign-in-box' },
      h('h2', { id: 'sign-in-title' }, 'Sign in to Rounds'),
      state.signIn.message ? h('p', { id: 'sign-in-message', class: 'sign-in-message', role: 'alert' }, state.signIn.message) : null,
      state.unsaved && state.user
        ? h(
            'p',
            { id: 'sign-in-unsaved', class: 'sign-in-unsaved' },
            `Your last change to the order of visits is kept but not saved yet. Sign in again as ${state.user.username} and it is saved.`,
          )
        : null,
      signInMethods(actions),
    ),
  );
  SIGN_IN_FIELDS.forEach((id, i) => {
    const box = container.querySelector<HTMLInputElement>(`#${id}`);
    if (box && box.value === '' && typed[i] !== '') box.value = typed[i];
  });
  askForSingleSignOn(container);
  if (!container.contains(document.activeElement)) container.querySelector<HTMLInputElement>('#sign-in-username')?.focus();
}

function signInMethods(actions: Actions): HTMLElement[] {
  const sso = singleSignOnLink();
  return sso ? [passwordForm(actions), sso] : [passwordForm(actions)];
}

/** The council's single sign-on, when the server has it: asked once, the link added when the answer comes. */
let singleSignOn: { label: string } | null | undefined;

function singleSignOnLink(): HTMLElement | null {
  // A plain link: the sign-in is a page navigation to the identity provider and back.
  return singleSignOn ? h('a', { id: 'sign-in-sso', class: 'sign-in-sso', href: '/api/session/oidc' }, singleSignOn.label) : null;
}

function askForSingleSignOn(container: HTMLElement): void {
  if (singleSignOn !== undefined) return;
  singleSignOn = null;
  api
    .providers()
    .then((p) => {
      singleSignOn = p.oidc ? { label: p.oidcLabel ?? 'Sign in with your council account' } : null;
      const link = singleSignOnLink();
      if (link && !container.hidden && !container.querySelector('#sign-in-sso')) container.querySelector('.sign-in-box')?.append(link);
    })
    .catch(() => {
      singleSignOn = undefined; // asked again at the next drawing
    });
}

function passwordForm(actions: Actions): HTMLElement {
  return h(
    'form',
    {
      class: 'sign-in-form',
      'aria-labelledby': 'sign-in-title',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        void actions.signIn(formText(data, 'username'), formText(data, 'password'));
      },
    },
    h('label', { for: 'sign-in-username' }, 'Username'),
    h('input', {
      id: 'sign-in-username',
      name: 'username',
      autocomplete: 'username',
      required: true,
      maxlength: 128,
      autocapitalize: 'none',
      spellcheck: 'false',
    }),
    h('label', { for: 'sign-in-password' }, 'Password'),
    h('input', { id: 'sign-in-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 1024 }),
    h('button', { type: 'submit', id: 'sign-in-submit' }, 'Sign in'),
  );
}

export function renderAccount(container: HTMLElement, state: AppState, actions: Actions): void {
  const u = state.user;
  replaceContent(
    container,
    u
      ? [
          h('span', { class: 'account-name', id: 'account-name' }, u.displayName),
          h('span', { class: 'account-role' }, ROLE_NAMES[u.role]),
          h('button', { type: 'button', id: 'sign-out', onclick: () => void actions.signOut() }, 'Sign out'),
        ]
      : null,
  );
}
