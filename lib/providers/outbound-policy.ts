// The outbound policy of this deployment: ALLOWED_PROVIDER_HOSTS plus the built-in simulator.
import { simulatorBaseUrl } from '../config';
import { allowedAddress, type Resolver } from './guarded-fetch';
import { OutboundRefusedError, parseAllowedHosts, providerUrlProblem, targetOf, type AllowRule, type OutboundPolicy } from './url-policy';

/**
 * The policy for calls to one provider. Read on every client creation, so a changed environment
 * (tests, a restarted process) applies without a cache to invalidate. Throws OutboundRefusedError
 * when ALLOWED_PROVIDER_HOSTS is malformed: every call then fails with that message.
 */
export function outboundPolicyFromEnv(provider: { isSimulator?: boolean } = {}): OutboundPolicy {
  return {
    allow: [...parseAllowedHosts(process.env.ALLOWED_PROVIDER_HOSTS), ...simulatorRule()],
    // The is_simulator flag is set only by the seed, never by a user's input.
    allowLoopback: provider.isSimulator === true,
  };
}

/** The built-in simulator's own host and port (SIMULATOR_URL / SIMULATOR_PORT), whichever provider row points at it. */
function simulatorRule(): AllowRule[] {
  let url: URL;
  try {
    url = new URL(simulatorBaseUrl());
  } catch {
    return [];
  }
  const { hostname, port } = targetOf(url);
  return [{ kind: 'host', hostname, port }];
}

/**
 * Why a base URL typed by a user may not be saved, or null: its form, then the addresses its host
 * resolves to now. A host that does not resolve yet may be saved (the check at connect time is the
 * one that counts; this one only answers early).
 */
export async function baseUrlRefusal(baseUrl: string, resolve?: Resolver): Promise<string | null> {
  const problem = providerUrlProblem(baseUrl);
  if (problem) return problem;
  try {
    await allowedAddress(targetOf(new URL(baseUrl)), outboundPolicyFromEnv(), resolve);
  } catch (err) {
    if (err instanceof OutboundRefusedError) return err.message;
  }
  return null;
}
