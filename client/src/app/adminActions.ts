/**
 * The admin's actions: accounts and settings. The server refuses what it must (an admin disabling
 * their own account, a setting that loosens a statutory safeguard); its refusal is kept in the
 * store with every field it named, and shown beside the form it answers.
 */
import { api, type NewAccount } from '../api/rounds';
import { ApiError, errorMessage, sessionOver } from '../api/problem';
import { abandoned, type Tagged } from '../api/http';
import type { FieldProblem, Settings } from '../api/schemas';
import type { AdminProblem, AppState, Store } from '../state/store';
import { parseSettingsJson, patchFromForm, type SettingsForm } from '../state/settingsForm';

export type AdminActions = ReturnType<typeof createAdminActions>;

/** A refusal as the admin reads it: the server's sentence, or its title when it lists the fields. */
function refusal(form: AdminProblem['form'], err: unknown): AdminProblem {
  if (err instanceof ApiError && err.problems.length > 0) {
    const title = typeof err.problem.title === 'string' ? err.problem.title : 'Refused';
    return { form, message: `${title}: nothing was changed.`, problems: err.problems };
  }
  return { form, message: errorMessage(err), problems: [] };
}

export function createAdminActions(store: Store<AppState>) {
  const info = (text: string) => store.set({ notice: { kind: 'info', text }, adminProblem: null });

  /** Runs one change; a refusal is shown by the form it answers (an ended session by the sign-in form). */
  async function attempt(form: AdminProblem['form'], change: () => Promise<void>): Promise<boolean> {
    try {
      await change();
      return true;
    } catch (err) {
      // Abandoned at a sign-out: the next user's screen is not told of it.
      if (!sessionOver(err) && !abandoned(err)) store.set({ adminProblem: refusal(form, err), notice: null });
      return false;
    }
  }

  const refused = (form: AdminProblem['form'], message: string, problems: FieldProblem[] = []) =>
    store.set({ adminProblem: { form, message, problems }, notice: null });

  const reloadAccounts = async () => store.set({ accounts: await api.users() });

  /**
   * A save of the settings; refused as made on an older version (412), the settings as they are
   * now are read and shown, so that the next save is made on them (the refusal says so).
   */
  async function saveSettingsOnVersion(save: (tag: string | null) => Promise<Tagged<Settings>>): Promise<void> {
    try {
      const saved = await save(store.get().settingsTag);
      store.set({ settings: saved.data, settingsTag: saved.tag });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 412)) throw err;
      const now = await api.settingsTagged();
      store.set({ settings: now.data, settingsTag: now.tag });
      throw new ApiError(`${err.message.replace(/[.:]?$/, '')}. They are shown as they are now: make your change again.`, 412);
    }
  }

  const admin = {
    /** The accounts, the settings and the officers an account can be linked to. */
    async load(): Promise<void> {
      await attempt('account', async () => {
        const [accounts, settings, names] = await Promise.all([api.users(), api.settingsTagged(), api.officerNames()]);
        store.set({ accounts, settings: settings.data, settingsTag: settings.tag, officerNames: new Map(names.map((o) => [o.id, o.name])) });
      });
    },

    async createAccount(account: NewAccount): Promise<void> {
      const { officerId, team, ...rest } = account;
      // Only an officer account names an officer, only a team leader's a team (the server refuses either on any other role).
      const body = account.role === 'officer' ? { ...rest, officerId } : account.role === 'team_leader' && team ? { ...rest, team } : rest;
      if (
        await attempt('account', async () => {
          await api.createUser(body);
          await reloadAccounts();
        })
      )
        info(`Account ${account.username} created.`);
    },

    async setDisabled(username: string, disabled: boolean): Promise<void> {
      if (
        await attempt('account', async () => {
          await api.updateUser(username, { disabled });
          await reloadAccounts();
        })
      )
        info(disabled ? `Account ${username} disabled and signed out.` : `Account ${username} enabled.`);
    },

    async setPassword(username: string, password: string): Promise<void> {
      if (
        await attempt('account', async () => {
          await api.setPassword(username, password);
          await reloadAccounts();
        })
      )
        info(`Password set for ${username}; their sessions have ended.`);
    },

    /** The form's fields that changed, as one PATCH. */
    async saveSettingsForm(form: SettingsForm): Promise<void> {
      const current = store.get().settings;
      if (!current) return;
      const result = patchFromForm(form, current);
      if ('problems' in result) return refused('settings', 'Some boxes do not hold a usable value: nothing was sent.', result.problems);
      if (Object.keys(result.patch).length === 0) return info('Nothing changed.');
      if (
        await attempt('settings', async () => {
          await saveSettingsOnVersion((tag) => api.patchSettings(result.patch, tag));
        })
      )
        info(`Settings saved (${Object.keys(result.patch).join(', ')}).`);
    },

    /** The whole document, as the admin edited it. */
    async saveSettingsJson(text: string): Promise<void> {
      const parsed = parseSettingsJson(text);
      if ('error' in parsed) return refused('settings', parsed.error);
      if (
        await attempt('settings', async () => {
          await saveSettingsOnVersion((tag) => api.putSettings(parsed.value, tag));
        })
      )
        info('Settings saved.');
    },
  };
  return admin;
}
