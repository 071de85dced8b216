export {
  DEMO_PASSPHRASE,
  DEMO_PASSPHRASE_FILE,
  type DemoContents,
  type DemoProgress,
  type DemoStep,
  demoPassphraseKey,
  demoStationKey,
  deskDemoFolder,
  type FillDemoOptions,
  fillDemoStation,
} from './demo-station.ts';
export { addDemoUsers, DEMO_USERS } from './demo-users.ts';
export { addDemoDeskEncoder, DEMO_DESK_ENCODER, demoDeskEncoders } from './desk-encoders.ts';
