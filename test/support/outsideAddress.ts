import { once } from 'node:events';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { Express } from 'express';

/**
 * This machine's address on a real network interface: a request sent to it arrives from a non-loopback socket
 * address, as one from another machine would.
 */
export function outsideAddress(): string {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((info) => info && !info.internal && info.family === 'IPv4')?.address;
  if (!address) throw new Error('These tests need a non-loopback IPv4 interface (e.g. eth0) to send from');
  return address;
}

/** The app on every interface, as server.ts serves it with a real auth token; returns its port. */
export async function listenEverywhere(app: Express): Promise<{ server: Server; port: number }> {
  const server = app.listen(0, '0.0.0.0');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
