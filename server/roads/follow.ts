/**
 * Following the road data an admin loads from the app, in a process that did not load it (another
 * API instance, `npm run worker`): it looks at the record of the data in use (`in-use.json` in the
 * road data folder, replaced by a rename on every switch) and, when that names another graph than
 * the one the process plans on, answers the record and its routing configuration. Only a changed
 * file is read again, so looking is one stat.
 */
import { stat } from 'node:fs/promises';
import type { RoutingConfig } from '../../solver/roads/index.js';
import { inUseFile, type RoadDataRecord } from './in-use.js';
import { roadDataInUse } from './startup.js';

export interface RoadDataSwitch {
  record: RoadDataRecord;
  config: RoutingConfig;
}

export class RoadDataFollower {
  /** The record file as last looked at (inode, size, time): a rename gives a new one. */
  private seen: string | undefined;
  /** Looks take turns: two callers at once switch once. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    /** What the process was configured with (ROUNDS_ROUTING, ROUNDS_OSM): OSRM has no road data of ours to follow. */
    private readonly configured: RoutingConfig,
    /** What it plans on now. */
    private readonly current: () => RoutingConfig,
  ) {}

  /** The road data to switch to, when the data in use is no longer what this process plans on. */
  changed(): Promise<RoadDataSwitch | undefined> {
    const next = this.turn.then(() => this.look());
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async look(): Promise<RoadDataSwitch | undefined> {
    if (this.configured.backend === 'osrm') return undefined;
    const signature = await stat(inUseFile(this.dir)).then(
      (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return 'none';
        throw err;
      },
    );
    if (signature === this.seen) return undefined;
    this.seen = signature;
    // No record (or an unusable one, said by roadDataInUse): the process keeps what it plans on.
    const loaded = await roadDataInUse(this.dir, this.configured);
    const current = this.current();
    if (!loaded || (current.backend === 'embedded' && loaded.config.graphPath === current.graphPath)) return undefined;
    // A record whose graph is gone (deleted by hand) is passed over, as at start-up.
    if (!(await exists(loaded.config.graphPath!))) {
      console.warn(`Road data loaded from the app is unusable (${inUseFile(this.dir)} names a graph that is not there); planning on the road data as before.`);
      return undefined;
    }
    return loaded;
  }
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );
