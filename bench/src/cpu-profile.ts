/**
 * Preloaded into the API by `pnpm bench:run --profile`: samples the CPU between the runner's `profile-start` and
 * `profile-stop` messages, so a profile covers one measured scenario and not the start-up.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export type ProfileMessage = { type: 'profile-start'; id: number } | { type: 'profile-stop'; id: number; file: string };

const session = new Session();
session.connect();

process.on('message', (message: ProfileMessage) => {
  void (async () => {
    if (message.type === 'profile-start') {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      process.send?.({ id: message.id });
    } else if (message.type === 'profile-stop') {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(message.file, JSON.stringify(profile));
      process.send?.({ id: message.id });
    }
  })();
});
process.channel?.unref();
