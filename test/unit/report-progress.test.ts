import { Progress, progressWanted } from '../../src/report/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 80, write: (t: string) => writes.push(t) };
}

describe('the progress line', () => {
  it('is shown only on a terminal, never in CI or with --quiet', () => {
    expect(progressWanted(stream(true), {}, false)).toBe(true);
    expect(progressWanted(stream(false), {}, false)).toBe(false);
    expect(progressWanted(stream(true), { CI: 'true' }, false)).toBe(false);
    expect(progressWanted(stream(true), { CI: '1' }, false)).toBe(false);
    expect(progressWanted(stream(true), {}, true)).toBe(false);
    expect(progressWanted(stream(true), { TERM: 'dumb' }, false)).toBe(false);
  });

  it('counts calls done of those issued, redraws in place at most every interval, and erases itself when done', () => {
    const s = stream(true);
    let now = 0;
    const p = new Progress(s, () => now, 100);
    p.setResources(300);
    p.onCall('start');
    p.onCall('start');
    now = 50;
    p.onCall('end'); // within the interval: not drawn
    now = 200;
    p.onCall('start');
    expect(s.writes).toEqual(['\rverifying 300 resources: 0 of 1 AWS call done\u001b[K', '\rverifying 300 resources: 1 of 3 AWS calls done\u001b[K']);
    p.onCall('end');
    p.onCall('end'); // all done: drawn whatever the interval
    expect(s.writes.at(-1)).toBe('\rverifying 300 resources: 3 of 3 AWS calls done\u001b[K');
    p.end();
    expect(s.writes.at(-1)).toBe('\r\u001b[K');
    const n = s.writes.length;
    p.end();
    expect(s.writes).toHaveLength(n);
  });

  it('draws nothing and erases nothing when no call was made', () => {
    const s = stream(true);
    const p = new Progress(s);
    p.end();
    expect(s.writes).toEqual([]);
  });
});
