// The tags in React 19 JSX, with React's types installed.
import 'layerw';

export function Scene({ color }: { color: string }) {
  return (
    <layerw-scene camera-position="0 2 5" onready={() => console.log('drawn')}
      onlayerw-error={(event) => console.warn(event.detail.code, event.detail.message)}>
      <layerw-mesh geometry="box" position={[0, 0.5, 0]} color={color} />
      {/* @ts-expect-error not a geometry */}
      <layerw-mesh geometry="teapot" />
    </layerw-scene>
  );
}
