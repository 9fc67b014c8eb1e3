/**
 * Inheritance flags of an access control entry, with the bit values Windows uses for them
 * (OBJECT_INHERIT_ACE, CONTAINER_INHERIT_ACE, NO_PROPAGATE_INHERIT_ACE, INHERIT_ONLY_ACE).
 */
export const Inherit = {
  NONE: 0,
  /** Child files inherit the entry. */
  OBJECT: 0x1,
  /** Child folders inherit the entry. */
  CONTAINER: 0x2,
  /** Only the direct children inherit the entry, without its inheritance flags. */
  NO_PROPAGATE: 0x4,
  /** The entry does not apply to the node carrying it, only to the descendants that inherit it. */
  INHERIT_ONLY: 0x8,
} as const;

export type InheritanceFlags = number;

export const ALL_INHERITANCE_FLAGS: InheritanceFlags =
  Inherit.OBJECT | Inherit.CONTAINER | Inherit.NO_PROPAGATE | Inherit.INHERIT_ONLY;

/**
 * The "Applies to" choices of the Windows advanced security dialog. Add `Inherit.NO_PROPAGATE` for
 * its "Only apply these permissions to objects and/or containers within this container" box.
 */
export const AppliesTo = {
  THIS_FOLDER_ONLY: Inherit.NONE,
  THIS_FOLDER_SUBFOLDERS_AND_FILES: Inherit.OBJECT | Inherit.CONTAINER,
  THIS_FOLDER_AND_SUBFOLDERS: Inherit.CONTAINER,
  THIS_FOLDER_AND_FILES: Inherit.OBJECT,
  SUBFOLDERS_AND_FILES_ONLY: Inherit.OBJECT | Inherit.CONTAINER | Inherit.INHERIT_ONLY,
  SUBFOLDERS_ONLY: Inherit.CONTAINER | Inherit.INHERIT_ONLY,
  FILES_ONLY: Inherit.OBJECT | Inherit.INHERIT_ONLY,
} as const;

export function hasFlag(flags: InheritanceFlags, flag: InheritanceFlags): boolean {
  return (flags & flag) !== 0;
}
