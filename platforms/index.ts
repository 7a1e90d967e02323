import { PlatformDefinition } from '../charts/spec';
import { deltranCore } from './deltran-core';
import { deltranMvp } from './deltran-mvp';
import { recon } from './recon';
import { vaticProp } from './vatic-prop';
import { wallet } from './wallet';

/** Every shipped platform; `npm run synth` renders all of them. */
export const PLATFORMS: readonly PlatformDefinition[] = [deltranMvp, deltranCore, recon, vaticProp, wallet];

/** The platform the README's first command synthesizes. */
export const DEFAULT_PLATFORM = deltranMvp.name;
