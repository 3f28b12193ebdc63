import cliProgress from 'cli-progress';

/** A terminal progress bar for long work; quiet lines instead when output is not a terminal. */
export function progressBar(label: string) {
  if (!process.stderr.isTTY) {
    let lastPercent = -10;
    return {
      update(done: number, total: number) {
        const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
        if (percent >= lastPercent + 10 || done === total) {
          lastPercent = percent;
          process.stderr.write(`${label}: ${done}/${total} (${percent}%)\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) { bar.start(total, 0); started = true; }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() { if (started) bar.stop(); },
  };
}
