import type * as SnowflakeSdk from 'snowflake-sdk';

type Sdk = typeof SnowflakeSdk;
let loaded: Sdk | undefined;

/**
 * The official snowflake-sdk, loaded on first connect only: it is large
 * (~120 MB with its cloud SDKs) and `floe compile` must never need it.
 */
export function loadSdk(): Sdk {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('snowflake-sdk') as Sdk & { default?: Sdk };
    loaded = (sdk.default ?? sdk) as Sdk;
    // The driver's own logger would write connection details to a file or stdout; Floe logs itself.
    loaded.configure({ logLevel: 'OFF' });
  }
  return loaded;
}

export type SdkConnection = SnowflakeSdk.Connection;
export type SdkConnectionOptions = SnowflakeSdk.ConnectionOptions;
export type SdkStatement = SnowflakeSdk.RowStatement;
