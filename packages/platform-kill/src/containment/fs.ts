import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  watch,
  writeFileSync,
} from 'node:fs';

/**
 * Every file-system operation containment makes, behind one seam: tests inject a fake root
 * (a temp dir standing in for /proc and the cgroup2 mount) or wrap the real one (to pretend
 * the kernel lacks cgroup.kill, or that a write is refused).
 */
export interface CgroupFs {
  /** The file's text, or null when it does not exist (or the process/cgroup is gone). */
  read(path: string): string | null;
  /** Writes (no truncation semantics matter on cgroupfs); throws the errno error. */
  write(path: string, data: string): void;
  mkdir(path: string): void;
  rmdir(path: string): void;
  /** Names of the sub-directories (child cgroups) of path; [] when it does not exist. */
  subdirs(path: string): string[];
  exists(path: string): boolean;
  /** access(path, W_OK): false for a read-only mount (EROFS) or missing permission. */
  writable(path: string): boolean;
  /** Calls onChange when the file may have changed (inotify); returns a stop function. */
  watch(path: string, onChange: () => void): () => void;
}

export const nodeCgroupFs: CgroupFs = {
  read(path) {
    try {
      return readFileSync(path, 'latin1');
    } catch {
      return null;
    }
  },
  write(path, data) {
    writeFileSync(path, data);
  },
  mkdir(path) {
    mkdirSync(path);
  },
  rmdir(path) {
    rmdirSync(path);
  },
  subdirs(path) {
    try {
      return readdirSync(path, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return [];
    }
  },
  exists: existsSync,
  writable(path) {
    try {
      accessSync(path, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
  watch(path, onChange) {
    try {
      // cgroupfs raises inotify IN_MODIFY on cgroup.events when `populated` or `frozen` flips.
      const watcher = watch(path, { persistent: false }, onChange);
      watcher.on('error', () => {});
      return () => watcher.close();
    } catch {
      // Gone already (the cgroup was removed): the caller's next read tells.
      return () => {};
    }
  },
};
