/** The admin's view: the accounts (create, disable or enable, set a password) and the settings. */
import type { Role } from '../api/schemas';
import type { Actions } from '../app/actions';
import type { AppState } from '../state/store';
import { formFromSettings, problemLines, type SettingsForm } from '../state/settingsForm';
import { formText, h, replaceContent } from './dom';

const ROLES: Array<{ value: Role; label: string }> = [
  { value: 'officer', label: 'Officer' },
  { value: 'team_leader', label: 'Team leader' },
  { value: 'manager', label: 'Manager' },
  { value: 'admin', label: 'Admin' },
];
const roleLabel = (role: string) => ROLES.find((r) => r.value === role)?.label ?? role;

/**
 * What the admin typed, by box id: a redraw (the server refusing a change, a list arriving) must
 * not wipe it. Cleared when what it edits comes back changed from the server.
 */
const typed = new Map<string, string | boolean>();
let typedFor: { accounts: unknown; settings: unknown } = { accounts: null, settings: null };
/** The JSON editor stays open across redraws once opened. */
let jsonOpen = false;

function remember(id: string) {
  return (e: Event) => {
    const el = e.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    typed.set(id, el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value);
  };
}
const text = (id: string, fallback: string) => {
  const v = typed.get(id);
  return typeof v === 'string' ? v : fallback;
};

export function renderAdminPanel(container: HTMLElement, state: AppState, actions: Actions): void {
  if (state.accounts !== typedFor.accounts) for (const id of [...typed.keys()].filter((k) => k.startsWith('account-'))) typed.delete(id);
  if (state.settings !== typedFor.settings) for (const id of [...typed.keys()].filter((k) => k.startsWith('settings-'))) typed.delete(id);
  typedFor = { accounts: state.accounts, settings: state.settings };
  replaceContent(
    container,
    h('h2', {}, 'Accounts'),
    accountsTable(state, actions),
    newAccountForm(state, actions),
    problems(state, 'account'),
    settingsSection(state, actions),
  );
}

/** The server's (or the form's) refusal beside the form it answers: its sentence, then each field and why, as text. */
function problems(state: AppState, form: 'account' | 'settings'): HTMLElement | null {
  const p = state.adminProblem;
  if (!p || p.form !== form) return null;
  return h(
    'div',
    { class: 'admin-problem', id: `${form}-problem`, role: 'alert' },
    h('p', {}, p.message),
    p.problems.length
      ? h(
          'ul',
          {},
          problemLines(p.problems).map((line) => h('li', {}, line)),
        )
      : null,
  );
}

function accountsTable(state: AppState, actions: Actions): HTMLElement {
  return h(
    'table',
    { class: 'accounts', 'aria-label': 'Accounts' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Username', 'Name', 'Role', 'Officer', 'Team', 'Status', 'Change'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      state.accounts.map((a) => {
        const pw = `account-password-${a.username}`;
        return h(
          'tr',
          { 'data-username': a.username, class: a.disabled ? 'disabled' : '' },
          h('td', {}, a.username),
          h('td', { class: 'account-display-name' }, a.displayName),
          h('td', {}, roleLabel(a.role)),
          h('td', {}, a.officerId ? (state.officerNames.get(a.officerId) ?? a.officerId) : ''),
          h(
            'td',
            { class: 'account-team' },
            a.team ? (state.settings?.teams.find((t) => t.id === a.team)?.name ?? a.team) : a.role === 'team_leader' ? 'Every team' : '',
          ),
          h('td', {}, a.disabled ? 'Disabled' : 'Active'),
          h(
            'td',
            { class: 'account-actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'account-toggle',
                'aria-label': `${a.disabled ? 'Enable' : 'Disable'} ${a.username}`,
                onclick: () => void actions.admin.setDisabled(a.username, !a.disabled),
              },
              a.disabled ? 'Enable' : 'Disable',
            ),
            h(
              'form',
              {
                class: 'set-password',
                onsubmit: (e: Event) => {
                  e.preventDefault();
                  const box = (e.target as HTMLFormElement).elements.namedItem('password') as HTMLInputElement;
                  void actions.admin.setPassword(a.username, box.value);
                },
              },
              h('input', {
                id: pw,
                name: 'password',
                type: 'password',
                autocomplete: 'new-password',
                minlength: 12,
                maxlength: 256,
                required: true,
                value: text(pw, ''),
                'aria-label': `New password for ${a.username}`,
                oninput: remember(pw),
              }),
              h('button', { type: 'submit', 'aria-label': `Set the password of ${a.username}` }, 'Set password'),
            ),
          ),
        );
      }),
    ),
  );
}

/** A select whose first choice is none (''), remembering what was chosen across redraws. */
function optionalChoice(id: string, none: string, choices: Array<[value: string, label: string]>): HTMLElement {
  return h(
    'select',
    { id, name: id, onchange: remember(id) },
    h('option', { value: '' }, none),
    choices.map(([value, label]) => h('option', { value, selected: value === text(id, '') }, label)),
  );
}

function newAccountForm(state: AppState, actions: Actions): HTMLElement {
  const field = (id: string, label: string, input: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const box = (id: string, attrs: Record<string, string | number | boolean>) =>
    h('input', { id, name: id, value: text(id, ''), oninput: remember(id), ...attrs });
  const role = text('account-role', 'officer');
  return h(
    'form',
    {
      class: 'new-account',
      'aria-labelledby': 'new-account-title',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        const value = (k: string) => formText(data, k);
        void actions.admin.createAccount({
          username: value('account-username'),
          displayName: value('account-display-name'),
          role: value('account-role') as Role,
          officerId: value('account-officer') || undefined,
          team: value('account-team') || undefined,
          password: value('account-password'),
        });
      },
    },
    h('h3', { id: 'new-account-title' }, 'New account'),
    field(
      'account-username',
      'Username',
      box('account-username', { required: true, maxlength: 64, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' }),
    ),
    field('account-display-name', 'Name', box('account-display-name', { required: true, maxlength: 100 })),
    field(
      'account-role',
      'Role',
      h(
        'select',
        { id: 'account-role', name: 'account-role', onchange: remember('account-role') },
        ROLES.map((r) => h('option', { value: r.value, selected: r.value === role }, r.label)),
      ),
    ),
    field('account-officer', 'Officer (officer accounts only)', optionalChoice('account-officer', '—', [...state.officerNames])),
    field(
      'account-team',
      'Team (team leader accounts only: what they see and plan)',
      optionalChoice(
        'account-team',
        'Every team',
        (state.settings?.teams ?? []).map((t) => [t.id, t.name]),
      ),
    ),
    field(
      'account-password',
      'Password (at least 12 characters)',
      box('account-password', { type: 'password', required: true, minlength: 12, maxlength: 256, autocomplete: 'new-password' }),
    ),
    h('button', { type: 'submit', id: 'create-account' }, 'Create the account'),
  );
}

function settingsSection(state: AppState, actions: Actions): HTMLElement {
  const s = state.settings;
  if (!s) return h('section', { class: 'settings', 'aria-label': 'Settings' }, h('h2', {}, 'Settings'), h('p', { class: 'hint' }, 'Loading…'));
  const stored = formFromSettings(s);
  const box = (key: keyof SettingsForm, label: string, attrs: Record<string, string | number | boolean> = {}) => {
    const id = `settings-${key}`;
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h('input', { id, name: key, value: text(id, String(stored[key])), oninput: remember(id), ...attrs }),
    );
  };
  const vulnerableId = 'settings-suspendVulnerable';
  const vulnerable = typed.get(vulnerableId);
  const jsonId = 'settings-json';
  return h(
    'section',
    { class: 'settings', 'aria-labelledby': 'settings-title' },
    h('h2', { id: 'settings-title' }, 'Settings'),
    h(
      'p',
      { class: 'small' },
      'The statutory safeguards (visiting hours, the 12-month limit, the notice period, suspending vulnerable debtors) may be made stricter, never looser than the law.',
    ),
    problems(state, 'settings'),
    h(
      'form',
      {
        class: 'settings-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const data = new FormData(e.target as HTMLFormElement);
          const value = (k: keyof SettingsForm) => formText(data, k);
          void actions.admin.saveSettingsForm({
            visitStart: value('visitStart'),
            visitEnd: value('visitEnd'),
            limitMonths: value('limitMonths'),
            suspendVulnerable: data.get('suspendVulnerable') !== null,
            defaultWeight: value('defaultWeight'),
            visitMinutes: value('visitMinutes'),
            maxVisitsPerRoute: value('maxVisitsPerRoute'),
            blackoutDates: value('blackoutDates'),
            idleMinutes: value('idleMinutes'),
            absoluteHours: value('absoluteHours'),
          });
        },
      },
      box('visitStart', 'Visits from (HH:MM)', { inputmode: 'numeric', maxlength: 5 }),
      box('visitEnd', 'Visits until (HH:MM)', { inputmode: 'numeric', maxlength: 5 }),
      box('limitMonths', 'Months from the notice goods may be taken in', { inputmode: 'numeric' }),
      h(
        'div',
        { class: 'field' },
        h('input', {
          id: vulnerableId,
          name: 'suspendVulnerable',
          type: 'checkbox',
          checked: typeof vulnerable === 'boolean' ? vulnerable : stored.suspendVulnerable,
          onchange: remember(vulnerableId),
        }),
        h('label', { for: vulnerableId }, 'Suspend vulnerable debtors’ cases'),
      ),
      box('defaultWeight', 'Default weight (£ of expected recovery a mile must earn)', { inputmode: 'decimal' }),
      box('visitMinutes', 'Minutes on site per visit', { inputmode: 'numeric' }),
      box('maxVisitsPerRoute', 'Most visits in one day', { inputmode: 'numeric' }),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'settings-blackoutDates' }, 'Blackout dates (YYYY-MM-DD, one a line)'),
        h(
          'textarea',
          { id: 'settings-blackoutDates', name: 'blackoutDates', rows: 3, oninput: remember('settings-blackoutDates') },
          text('settings-blackoutDates', stored.blackoutDates),
        ),
      ),
      box('idleMinutes', 'Sign out after minutes idle', { inputmode: 'numeric' }),
      box('absoluteHours', 'Sign out after hours signed in', { inputmode: 'numeric' }),
      h('button', { type: 'submit', id: 'save-settings' }, 'Save the settings'),
    ),
    h(
      'details',
      { class: 'settings-json', open: jsonOpen, ontoggle: (e: Event) => (jsonOpen = (e.target as HTMLDetailsElement).open) },
      h('summary', {}, 'Edit every setting as JSON'),
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            void actions.admin.saveSettingsJson((document.getElementById(jsonId) as HTMLTextAreaElement).value);
          },
        },
        h('label', { for: jsonId }, 'The whole settings document'),
        h('textarea', { id: jsonId, rows: 18, spellcheck: 'false', oninput: remember(jsonId) }, text(jsonId, JSON.stringify(s, null, 2))),
        h('button', { type: 'submit', id: 'save-settings-json' }, 'Save the document'),
      ),
    ),
  );
}
