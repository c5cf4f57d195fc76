export default async function globalTeardown(): Promise<void> {
  const broker = (globalThis as { __ENGINE_BROKER__?: { close(): Promise<void> } }).__ENGINE_BROKER__;
  await broker?.close();
}
