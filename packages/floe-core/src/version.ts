/** The floe-core version written into artifacts (kept equal to package.json by a test). */
export const FLOE_VERSION = '0.1.0';
