import { assertEqual } from '../assert.js';
import { QualityController, QUALITY_PRESETS } from '../../src/engine/quality.js';

describe('quality control', () => {
  it('starts auto at high, steps down when frames are slow and back up when they are fast', () => {
    const quality = new QualityController();
    quality.setting = 'auto';
    assertEqual(quality.level, 'high');
    let changed = false;
    for (let i = 0; i < 60; i++) changed = quality.record(40, 60) || changed;
    assertEqual(changed, true);
    assertEqual(quality.level, 'medium', '40 ms frames against a 60 fps target');
    for (let i = 0; i < 60; i++) quality.record(40, 60);
    assertEqual(quality.level, 'low');
    for (let i = 0; i < 120; i++) quality.record(40, 60);
    assertEqual(quality.level, 'low', 'no level below low');
    for (let i = 0; i < 60; i++) quality.record(5, 60);
    assertEqual(quality.level, 'medium', 'fast frames step up');
    for (let i = 0; i < 60; i++) quality.record(16.7, 60);
    assertEqual(quality.level, 'medium', 'frames on target hold the level');
  });

  it('keeps a fixed level whatever the frame rate', () => {
    const quality = new QualityController();
    quality.setting = 'ultra';
    for (let i = 0; i < 600; i++) quality.record(100, 60);
    assertEqual(quality.level, 'ultra');
    assertEqual(quality.preset, QUALITY_PRESETS.ultra);
  });
});
