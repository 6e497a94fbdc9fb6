/** The addresses that mean "every address of this machine" to a listening socket. */
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0']);

/**
 * Where the SMTP intake listens, as a person reads it: its address and port, or, when it listens on
 * every address (0.0.0.0, ::), which names no place a mail server could be pointed at, just the port
 * on this server's addresses.
 */
export function smtpListenText(host: string, port: number): string {
  if (ANY_ADDRESS.has(host.trim())) return `any of this server’s addresses, port ${port}`;
  return `${host}, port ${port}`;
}
