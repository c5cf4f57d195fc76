/** The few parts of socket.io-client 2.x (installed under this alias) the tests use. */
declare module 'socket.io-client-v2' {
  interface V2Socket {
    once(event: string, listener: (...args: unknown[]) => void): V2Socket;
    on(event: string, listener: (...args: unknown[]) => void): V2Socket;
    close(): V2Socket;
  }
  function io(url: string, options?: Record<string, unknown>): V2Socket;
  export default io;
}
