/** Native events on a scene's canvas that pointer handling turns into events on meshes. */
export const POINTER_EVENT_TYPES = ['pointerdown', 'pointerup', 'pointermove', 'pointerover', 'pointerout', 'pointercancel', 'click', 'dblclick', 'contextmenu'] as const;
