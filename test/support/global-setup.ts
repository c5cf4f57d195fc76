import { startEngineBroker } from './engine-broker';

export default async function globalSetup(): Promise<void> {
  const broker = await startEngineBroker();
  process.env.TEST_ENGINE_BROKER = broker.url;
  (globalThis as { __ENGINE_BROKER__?: typeof broker }).__ENGINE_BROKER__ = broker;
}
