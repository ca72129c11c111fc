/** The sign-in form and the signed-in user in the header. Names reach the page as text only. */
import type { Actions } from '../app/actions';
import type { AppState } from '../state/store';
import { h, replaceContent } from './dom';

const ROLE_NAMES = { officer: 'Officer', team_leader: 'Team leader', manager: 'Manager', admin: 'Admin' } as const;

export function renderSignIn(container: HTMLElement, state: AppState, actions: Actions): void {
  container.hidden = !state.signIn;
  if (!state.signIn) return replaceContent(container);
  // Typing in progress survives a redraw (replaceContent keeps the focused box's value).
  const form = h(
    'form',
    {
      class: 'sign-in-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        void actions.signIn(String(data.get('username') ?? ''), String(data.get('password') ?? ''));
      },
    },
    h('h2', { id: 'sign-in-title' }, 'Sign in to Rounds'),
    state.signIn.message ? h('p', { id: 'sign-in-message', class: 'sign-in-message', role: 'alert' }, state.signIn.message) : null,
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
  replaceContent(container, form);
  if (!container.contains(document.activeElement)) (container.querySelector('#sign-in-username') as HTMLInputElement | null)?.focus();
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
