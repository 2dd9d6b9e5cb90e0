/**
 * The example org.yaml deployed for real, with terraform and one stack with `cdktf deploy`, to an
 * AWS API emulator (moto_server): apply, plan again, access through STS, drift, reorder, protect,
 * destroy. What the emulator cannot check is listed in ../helpers/emulator-suite.ts.
 */
import { emulatorSuite } from '../helpers/emulator-suite';
import { EXAMPLE_ORG } from '../helpers/synth';

emulatorSuite('the example org deployed to the emulator', EXAMPLE_ORG, { cdktfDeploy: true });
