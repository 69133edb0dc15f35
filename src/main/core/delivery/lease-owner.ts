import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'

/**
 * This process's name on the leases it takes: host, pid and a random part (a pid comes back after
 * a restart). Stored in `deliveries.lease_owner`, so an operator can also tell which worker holds
 * a delivery.
 */
export const LEASE_OWNER = `${hostname().slice(0, 32)}:${process.pid}:${randomBytes(4).toString('hex')}`
