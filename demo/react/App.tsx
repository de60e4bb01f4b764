import { useState } from 'react';
import type { LayerWErrorDetail } from '../../src/index.js';
import { firstMeshes, meshPosition, newMesh, type DemoMesh } from '../frameworks.js';

/**
 * The demo scene in React 19: attributes and properties from state (`position` is given as an array and set as a
 * property), events through `onready` and `onlayerw-error` props, meshes added and removed from a list.
 */
export function App() {
  const [meshes, setMeshes] = useState<DemoMesh[]>(firstMeshes);
  const [floor, setFloor] = useState('#c9d1da');
  const [spinning, setSpinning] = useState(true);
  const [status, setStatus] = useState('loading…');

  return (
    <>
      <layerw-scene
        controls="orbit"
        camera-position="0 3 7"
        camera-target="0 0.5 0"
        onready={() => setStatus('ready')}
        onlayerw-error={(event: CustomEvent<LayerWErrorDetail>) => setStatus(`${event.detail.code}: ${event.detail.message}`)}
      >
        <layerw-light type="ambient" intensity={0.35} />
        <layerw-light type="directional" direction="-1 -2.2 -1.2" intensity={2.6} />
        <layerw-mesh geometry="plane" scale={14} color={floor} roughness={0.9} />
        {meshes.map((mesh, index) => (
          <layerw-mesh
            key={mesh.id}
            geometry={mesh.geometry}
            color={mesh.color}
            position={meshPosition(index, meshes.length)}
            spin={spinning ? [0, 60, 0] : [0, 0, 0]}
            roughness={0.4}
          />
        ))}
        <div slot="fallback" className="fallback">This page needs a browser with WebGPU to show its 3D scene.</div>
      </layerw-scene>
      <div className="controls">
        <button onClick={() => setMeshes([...meshes, newMesh()])}>Add a mesh</button>
        <button onClick={() => setMeshes(meshes.slice(1))} disabled={meshes.length === 0}>Remove the first</button>
        <label>Floor <input type="color" value={floor} onChange={(event) => setFloor(event.target.value)} /></label>
        <label><input type="checkbox" checked={spinning} onChange={(event) => setSpinning(event.target.checked)} /> Spin</label>
      </div>
      <div className="status">React 19 · {meshes.length} meshes · {status}</div>
    </>
  );
}
