/** Version the agent reports on enrolment and in every heartbeat. */
export const AGENT_VERSION = process.env.CAREBUS_AGENT_VERSION ?? '0.1.0';
