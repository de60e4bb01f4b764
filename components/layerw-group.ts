import { LayerWNode } from './layerw-node.js';

/**
 * `<layerw-group>`: a transform node with no drawing of its own. Meshes and groups inside it take its
 * `position`, `rotation`, `scale` as their parent transform, and its `visible="false"` hides them all.
 */
export class LayerWGroup extends LayerWNode {}
