// The meeting page: joins the meeting through Chroom, then publishes camera and microphone to the
// VideoRoom of the media node Chroom chose and subscribes to everyone else's feeds (one
// subscriber handle per feed). When the node or the connection to it fails, the page asks Chroom
// every 2 s where the meeting is now and joins there again.
//
// The page's state is on <body data-state>: lobby, joining, live, reconnecting, ended, error.

import Janus from './vendor/janus.es.js';
import * as frameCrypto from './frame-crypto.js';

const VIDEOROOM = 'janus.plugin.videoroom';
const RETRY_MILLIS = 2000;

const body = document.body;
const meetingId = body.dataset.meetingId;
const host = body.dataset.mode === 'host';
const hostToken = new URLSearchParams(location.search).get('token');

const el = {
  state: document.getElementById('state'),
  lobby: document.getElementById('lobby'),
  name: document.getElementById('name'),
  invite: document.getElementById('invite'),
  inviteLink: document.getElementById('invite-link'),
  tiles: document.getElementById('tiles'),
  controls: document.getElementById('controls'),
  mic: document.getElementById('mic'),
  camera: document.getElementById('camera'),
  screen: document.getElementById('screen'),
  leave: document.getElementById('leave'),
  end: document.getElementById('end'),
  notice: document.getElementById('notice'),
};

// What the page knows about its place in the meeting; replaced on every (re)join.
let answer = null;
let janus = null;
let publisher = null;
let screenPublisher = null;
let ownFeeds = new Set();
const feeds = new Map(); // feed id -> { handle, tile, stream, display }
let mediaKey = null;
const e2eeStats = { decrypted: 0, dropped: 0 };
let finished = false;
let reconnecting = false;
let epoch = 0; // bumps on every rebuild, so callbacks of an abandoned session do nothing
let micMuted = false;
let cameraMuted = false;

// For tests and diagnostics: what this page joined, and how many frames it decrypted.
window.chroomMeeting = { e2eeStats, state: () => body.dataset.state, answer: () => answer };

function setState(state, text) {
  body.dataset.state = state;
  el.state.textContent = text;
}

function notice(text) {
  el.notice.textContent = text;
  el.notice.hidden = !text;
}

// ---- Chroom's page endpoints -------------------------------------------------------------

class PageError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function call(method, path, json) {
  const withToken = host && path.startsWith('/start/');
  const url = withToken ? `${path}?token=${encodeURIComponent(hostToken)}` : path;
  const response = await fetch(url, {
    method,
    headers: json === undefined ? {} : { 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
    cache: 'no-store',
  });
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (e) {
    parsed = null;
  }
  if (!response.ok) {
    const detail = parsed && parsed.detail ? parsed.detail : `The server answered ${response.status}.`;
    throw new PageError(response.status, detail);
  }
  return parsed;
}

const base = `/${host ? 'start' : 'join'}/${encodeURIComponent(meetingId)}`;

function join(name) {
  return host ? call('POST', `${base}/session`) : call('POST', `${base}/session`, { name });
}

function refresh() {
  return call('POST', `/join/${encodeURIComponent(meetingId)}/session/refresh`, {
    token: answer.token,
  });
}

// ---- Tiles -------------------------------------------------------------------------------

function makeTile(name, own, participantId) {
  const tile = document.createElement('figure');
  tile.className = 'tile';
  tile.dataset.media = 'waiting';
  if (own) {
    tile.dataset.own = 'true';
  }
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  video.muted = own;
  video.addEventListener('playing', () => (tile.dataset.media = 'flowing'));
  const caption = document.createElement('figcaption');
  caption.textContent = name;
  tile.append(video, caption);
  if (host && !own && participantId) {
    tile.append(hostControls(participantId));
  }
  el.tiles.append(tile);
  return tile;
}

function hostControls(participantId) {
  const box = document.createElement('div');
  box.className = 'moderation';
  const muted = { audio: false, video: false };
  for (const kind of ['audio', 'video']) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.action = `mute-${kind}`;
    button.textContent = kind === 'audio' ? 'Mute mic' : 'Stop camera';
    button.addEventListener('click', async () => {
      try {
        await call('POST', `${base}/participants/${encodeURIComponent(participantId)}/mute`, {
          kind,
          mute: !muted[kind],
        });
        muted[kind] = !muted[kind];
        button.setAttribute('aria-pressed', String(muted[kind]));
        button.textContent = muted[kind]
          ? kind === 'audio' ? 'Unmute mic' : 'Allow camera'
          : kind === 'audio' ? 'Mute mic' : 'Stop camera';
      } catch (e) {
        notice(`Could not ${muted[kind] ? 'unmute' : 'mute'} ${participantId}: ${e.message}`);
      }
    });
    box.append(button);
  }
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.dataset.action = 'remove';
  remove.textContent = 'Remove';
  remove.addEventListener('click', async () => {
    try {
      await call('DELETE', `${base}/participants/${encodeURIComponent(participantId)}`);
    } catch (e) {
      notice(`Could not remove ${participantId}: ${e.message}`);
    }
  });
  box.append(remove);
  return box;
}

function showTrack(tile, stream, track, on) {
  if (on) {
    stream.getTracks().filter((t) => t.kind === track.kind).forEach((t) => stream.removeTrack(t));
    stream.addTrack(track);
  } else {
    stream.getTracks().filter((t) => t.id === track.id).forEach((t) => stream.removeTrack(t));
  }
  const video = tile.querySelector('video');
  if (video.srcObject !== stream) {
    video.srcObject = stream;
  }
  video.play().catch(() => {});
}

function clearTiles() {
  el.tiles.replaceChildren();
}

// ---- Janus session -----------------------------------------------------------------------

function transforms(direction) {
  if (!mediaKey) {
    return undefined;
  }
  return direction === 'sender'
    ? { sender: frameCrypto.encryptor(mediaKey) }
    : { receiver: frameCrypto.decryptor(mediaKey, e2eeStats) };
}

function attach(onAttached, callbacks) {
  const mine = epoch;
  janus.attach({
    plugin: VIDEOROOM,
    opaqueId: `chroom-${meetingId}-${answer.participant_id}`,
    success: (handle) => mine === epoch && onAttached(handle),
    error: (cause) => mine === epoch && connectionLost(`The media node refused a handle: ${cause}`),
    ...callbacks,
  });
}

function connect() {
  epoch++;
  const mine = epoch;
  ownFeeds = new Set();
  feeds.clear();
  clearTiles();
  janus = new Janus({
    server: answer.node.media_url,
    token: answer.token,
    iceServers: answer.ice_servers,
    success: () => mine === epoch && publish(),
    error: (cause) => mine === epoch && connectionLost(`Lost the media node: ${cause}`),
    destroyed: () => mine === epoch && connectionLost('The media session was closed.'),
  });
}

function publish() {
  const ownTile = makeTile(`${answer.participant_id} (you)`, true);
  const ownStream = new MediaStream();
  attach(
    (handle) => {
      publisher = handle;
      handle.send({
        message: {
          request: 'join',
          ptype: 'publisher',
          room: answer.room.room_id,
          pin: answer.room.pin || undefined,
          display: answer.participant_id,
        },
      });
    },
    {
      iceState: (state) => state === 'failed' && connectionLost('The media connection failed.'),
      webrtcState: (up, reason) => {
        if (!up && !finished) {
          connectionLost(`The media connection closed${reason ? ` (${reason})` : ''}.`);
        }
      },
      onlocaltrack: (track, on) => showTrack(ownTile, ownStream, track, on),
      onmessage: (msg, jsep) => {
        onRoomEvent(msg, true);
        if (msg.videoroom === 'joined') {
          ownFeeds.add(msg.id);
          sendOwnMedia(msg.private_id);
          (msg.publishers || []).forEach((p) => subscribe(p, msg.private_id));
        }
        if (jsep) {
          publisher.handleRemoteJsep({ jsep });
        }
      },
    },
  );
}

function sendOwnMedia(privateId) {
  publisher.privateId = privateId;
  publisher.createOffer({
    tracks: [
      { type: 'audio', capture: true, recv: false, transforms: transforms('sender') },
      { type: 'video', capture: true, recv: false, transforms: transforms('sender') },
    ],
    success: (jsep) => {
      publisher.send({ message: { request: 'publish' }, jsep });
      if (micMuted) publisher.muteAudio();
      if (cameraMuted) publisher.muteVideo();
    },
    error: (cause) => fail(`Camera or microphone unavailable: ${describe(cause)}`),
  });
}

function onRoomEvent(msg, fromOwnPublisher) {
  if (msg.videoroom === 'destroyed') {
    finish('The meeting has ended.');
    return;
  }
  if (msg.error) {
    if (fromOwnPublisher) {
      connectionLost(`The media node refused to join the room: ${msg.error}`);
    }
    return;
  }
  if (msg.videoroom !== 'event') {
    return;
  }
  if (fromOwnPublisher && msg.leaving === 'ok' && msg.reason === 'kicked') {
    finish('The host removed you from the meeting.');
    return;
  }
  (msg.publishers || []).forEach((p) => subscribe(p, publisher.privateId));
  // A participant the host removed is announced to the others as "kicked".
  for (const gone of [msg.leaving, msg.unpublished, msg.kicked]) {
    if (gone !== undefined && gone !== 'ok') {
      unsubscribe(gone);
    }
  }
}

function subscribe(feed, privateId) {
  if (ownFeeds.has(feed.id) || feeds.has(feed.id)) {
    return;
  }
  const display = feed.display || String(feed.id);
  const screen = display.endsWith(' (screen)');
  const entry = {
    display,
    stream: new MediaStream(),
    tile: makeTile(display, false, screen ? null : display),
    handle: null,
  };
  feeds.set(feed.id, entry);
  attach(
    (handle) => {
      entry.handle = handle;
      handle.send({
        message: {
          request: 'join',
          ptype: 'subscriber',
          room: answer.room.room_id,
          pin: answer.room.pin || undefined,
          private_id: privateId,
          streams: [{ feed: feed.id }],
        },
      });
    },
    {
      iceState: (state) => state === 'failed' && connectionLost('The media connection failed.'),
      onremotetrack: (track, mid, on) => showTrack(entry.tile, entry.stream, track, on),
      onmessage: (msg, jsep) => {
        onRoomEvent(msg, false);
        if (!jsep) {
          return;
        }
        const tracks = [{ type: 'data' }];
        if (mediaKey) {
          for (const [, kind, mid] of jsep.sdp.matchAll(/^m=(audio|video)[^]*?^a=mid:(\S+)/gm)) {
            tracks.push({ type: kind, mid, recv: true, transforms: transforms('receiver') });
          }
        }
        entry.handle.createAnswer({
          jsep,
          tracks,
          success: (answerJsep) =>
            entry.handle.send({ message: { request: 'start' }, jsep: answerJsep }),
          error: (cause) => notice(`Could not receive ${display}: ${describe(cause)}`),
        });
      },
    },
  );
}

function unsubscribe(feedId) {
  const entry = feeds.get(feedId);
  if (!entry) {
    return;
  }
  feeds.delete(feedId);
  entry.tile.remove();
  if (entry.handle) {
    entry.handle.detach();
  }
}

// ---- Own controls ------------------------------------------------------------------------

function toggleMic() {
  micMuted = !micMuted;
  if (publisher) {
    micMuted ? publisher.muteAudio() : publisher.unmuteAudio();
  }
  el.mic.setAttribute('aria-pressed', String(micMuted));
  el.mic.textContent = micMuted ? 'Unmute' : 'Mute';
}

function toggleCamera() {
  cameraMuted = !cameraMuted;
  if (publisher) {
    cameraMuted ? publisher.muteVideo() : publisher.unmuteVideo();
  }
  el.camera.setAttribute('aria-pressed', String(cameraMuted));
  el.camera.textContent = cameraMuted ? 'Start camera' : 'Stop camera';
}

function toggleScreen() {
  if (screenPublisher) {
    stopScreen();
    return;
  }
  const ownTile = makeTile(`${answer.participant_id} (screen, you)`, true);
  const ownStream = new MediaStream();
  attach(
    (handle) => {
      screenPublisher = handle;
      screenPublisher.tile = ownTile;
      handle.send({
        message: {
          request: 'join',
          ptype: 'publisher',
          room: answer.room.room_id,
          pin: answer.room.pin || undefined,
          display: `${answer.participant_id} (screen)`,
        },
      });
    },
    {
      onlocaltrack: (track, on) => {
        showTrack(ownTile, ownStream, track, on);
        if (on) {
          track.addEventListener('ended', stopScreen);
        }
      },
      onmessage: (msg, jsep) => {
        if (msg.videoroom === 'joined') {
          ownFeeds.add(msg.id);
          screenPublisher.createOffer({
            tracks: [{ type: 'screen', capture: true, recv: false, transforms: transforms('sender') }],
            success: (offer) => screenPublisher.send({ message: { request: 'publish' }, jsep: offer }),
            error: (cause) => {
              notice(`Screen sharing did not start: ${describe(cause)}`);
              stopScreen();
            },
          });
        }
        if (jsep && screenPublisher) {
          screenPublisher.handleRemoteJsep({ jsep });
        }
      },
    },
  );
  el.screen.setAttribute('aria-pressed', 'true');
  el.screen.textContent = 'Stop sharing';
}

function stopScreen() {
  if (!screenPublisher) {
    return;
  }
  const handle = screenPublisher;
  screenPublisher = null;
  handle.tile.remove();
  handle.send({ message: { request: 'leave' } });
  handle.detach();
  el.screen.setAttribute('aria-pressed', 'false');
  el.screen.textContent = 'Share screen';
}

async function endMeeting() {
  try {
    await call('POST', `${base}/end`);
    finish('You ended the meeting.');
  } catch (e) {
    notice(`The meeting could not be ended: ${e.message}`);
  }
}

// ---- Life cycle --------------------------------------------------------------------------

function describe(cause) {
  return cause && cause.message ? cause.message : String(cause);
}

function teardown() {
  epoch++;
  const old = janus;
  janus = null;
  publisher = null;
  screenPublisher = null;
  el.screen.setAttribute('aria-pressed', 'false');
  el.screen.textContent = 'Share screen';
  feeds.clear();
  clearTiles();
  if (old) {
    try {
      old.destroy({ cleanupHandles: true, notifyDestroyed: false });
    } catch (e) {
      // The node is gone already; there is nothing left to close.
    }
  }
}

function finish(text) {
  if (finished) {
    return;
  }
  finished = true;
  teardown();
  el.controls.hidden = true;
  setState('ended', text);
}

function fail(text) {
  finished = true;
  teardown();
  el.controls.hidden = true;
  setState('error', text);
}

function connectionLost(reason) {
  if (finished || reconnecting) {
    return;
  }
  reconnecting = true;
  teardown();
  setState('reconnecting', `Reconnecting… ${reason}`);
  setTimeout(rejoin, RETRY_MILLIS);
}

async function rejoin() {
  if (finished) {
    return;
  }
  try {
    answer = await refresh();
  } catch (e) {
    if (e instanceof PageError && [403, 404, 409, 410].includes(e.status)) {
      reconnecting = false;
      finish(e.message);
    } else {
      setTimeout(rejoin, RETRY_MILLIS);
    }
    return;
  }
  reconnecting = false;
  goLive();
}

function goLive() {
  // The host's join starts the meeting; the page was rendered before that.
  document.getElementById('meeting-status').textContent = answer.status;
  setState('live', `Live on node ${answer.node.node_id}${mediaKey ? ' · end-to-end encrypted' : ''}`);
  connect();
}

async function prepareKey(e2ee) {
  if (!e2ee) {
    return true;
  }
  if (!frameCrypto.supported()) {
    fail('This meeting is end-to-end encrypted, and this browser cannot encrypt media frames.');
    return false;
  }
  const fragment = new URLSearchParams(location.hash.slice(1));
  let keyText = fragment.get('key');
  if (!keyText) {
    if (!host) {
      fail('This meeting is end-to-end encrypted: open the invite link that carries the key.');
      return false;
    }
    keyText = frameCrypto.newKeyText();
    history.replaceState(null, '', `${location.pathname}${location.search}#key=${keyText}`);
  }
  try {
    mediaKey = await frameCrypto.importKey(keyText);
  } catch (e) {
    fail(e.message);
    return false;
  }
  if (host) {
    el.inviteLink.value = `${location.origin}/join/${encodeURIComponent(meetingId)}#key=${keyText}`;
    el.invite.hidden = false;
  }
  return true;
}

async function start(name) {
  setState('joining', 'Joining…');
  if (!(await prepareKey(body.dataset.e2ee === 'true'))) {
    return;
  }
  try {
    answer = await join(name);
  } catch (e) {
    fail(e.message);
    return;
  }
  if (answer.e2ee && !mediaKey && !(await prepareKey(true))) {
    return;
  }
  el.lobby.hidden = true;
  el.controls.hidden = false;
  Janus.init({
    debug: false,
    dependencies: Janus.useDefaultDependencies({ adapter: window.adapter }),
    callback: goLive,
  });
}

el.mic.addEventListener('click', toggleMic);
el.camera.addEventListener('click', toggleCamera);
el.screen.addEventListener('click', toggleScreen);
el.leave.addEventListener('click', () => {
  if (publisher) {
    publisher.send({ message: { request: 'leave' } });
  }
  finish('You left the meeting.');
});
if (el.end) {
  el.end.addEventListener('click', endMeeting);
}
window.addEventListener('beforeunload', () => {
  finished = true;
  teardown();
});

if (host) {
  start();
} else {
  setState('lobby', 'Enter your name to join.');
  el.lobby.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = el.name.value.trim();
    if (name) {
      start(name);
    }
  });
}
