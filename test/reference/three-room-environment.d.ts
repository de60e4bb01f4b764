// three.js's RoomEnvironment (examples/jsm), used by the look reference test.
declare module 'three/examples/jsm/environments/RoomEnvironment.js' {
  export class RoomEnvironment extends (await import('three')).Scene {}
}
