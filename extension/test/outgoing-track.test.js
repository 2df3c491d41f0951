// The SDK's outgoing tracks: a processed track is sent instead of the camera without touching
// `localStream`; a device switch keeps it on the connections and tells its producer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, useFakeServer } from './helpers/fake-session.js';

const fake = useFakeServer();
const { join } = fake;

const fakeTrack = (kind, label) => ({
  kind,
  label,
  enabled: true,
  readyState: 'live',
  stop() {
    this.readyState = 'ended';
  },
});
const fakeStream = (...tracks) => ({
  tracks,
  getTracks() {
    return [...this.tracks];
  },
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  },
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  },
  addTrack(t) {
    this.tracks.push(t);
  },
  removeTrack(t) {
    this.tracks = this.tracks.filter((x) => x !== t);
  },
});

test('setOutgoingTrack sends a processed track; device switch and camera off keep it', async () => {
  const room = await fake.server.createRoom({ name: 'T' });
  const a = join(room, 'Ada');
  await a.ready;
  const camera = fakeTrack('video', 'cam-1');
  const mic = fakeTrack('audio', 'mic');
  const media = fakeStream(mic, camera);
  const b = join(room, 'Bob', { media });
  await b.ready;
  await until(() => b.links.size === 1);
  const link = [...b.links.values()][0];
  const sender = () => link._transceivers.video.sender;

  assert.equal(b.outgoingTrack('video'), camera);
  const processed = fakeTrack('video', 'pipeline');
  const events = [];
  b.on('outgoing-track', (e) => events.push(e));
  await b.setOutgoingTrack('video', processed);
  assert.equal(sender().track, processed);
  assert.equal(b.outgoingTrack('video'), processed);
  assert.deepEqual(media.getVideoTracks(), [camera], 'localStream still has the camera');
  assert.deepEqual(events, [{ kind: 'video', track: processed }]);

  // Camera off/on reaches the processed track too.
  b.setVideoEnabled(false);
  assert.equal(camera.enabled, false);
  assert.equal(processed.enabled, false);
  b.setVideoEnabled(true);
  assert.equal(processed.enabled, true);

  // Device switch: the camera in localStream changes, the old one stops, the processed track
  // stays on the connection, and the producer hears about the new camera.
  const local = [];
  b.on('local-track', (e) => local.push(e));
  const camera2 = fakeTrack('video', 'cam-2');
  await b.replaceTrack(camera2);
  assert.equal(camera.readyState, 'ended');
  assert.deepEqual(media.getVideoTracks(), [camera2]);
  assert.equal(sender().track, processed);
  assert.equal(local.length, 1);
  assert.equal(local[0].track, camera2);
  assert.equal(local[0].old, camera);

  // Back to the camera.
  await b.setOutgoingTrack('video', null);
  assert.equal(sender().track, camera2);
  assert.equal(b.outgoingTrack('video'), camera2);

  // A connection made later sends the processed track from the start.
  await b.setOutgoingTrack('video', processed);
  const c = join(room, 'Cyd');
  await c.ready;
  await until(() => b.links.size === 2);
  const later = [...b.links.values()].find((l) => l !== link);
  // The answerer side attaches what `trackFor` gives (the outgoing track, not the camera) to
  // the offered transceiver.
  assert.equal(later._trackFor('video'), processed);
});

test('setOutgoingTrack rejects a wrong kind', async () => {
  const room = await fake.server.createRoom({ name: 'T' });
  const a = join(room, 'Ada', { media: fakeStream(fakeTrack('video', 'cam')) });
  await a.ready;
  await assert.rejects(a.setOutgoingTrack('video', fakeTrack('audio', 'x')), TypeError);
  await assert.rejects(a.setOutgoingTrack('screen', null), TypeError);
});
