/**
 * One moto_server per test file: started in beforeAll on a free loopback port, stopped by PID in
 * afterAll. Without moto_server the suite fails with the install hint; it never skips.
 */
import { startMoto, type MotoServer } from '../../src/demo/moto.js';

export function useMoto(): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await startMoto();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('moto_server did not start (see the beforeAll error above)');
    return server;
  };
}
