/**
 * Rights of an access control entry as bits of a mask. Windows shares one bit between "list
 * folder" and "read data"; ScaiDrive keeps them apart so that an upload-only drop zone can create
 * files without listing them.
 */
export const Right = {
  /** List the contents of a folder. */
  LIST: 1 << 0,
  /** Read the content of a file. */
  READ: 1 << 1,
  /** Write the content of a file. */
  WRITE: 1 << 2,
  /** Create files and folders in a folder. */
  CREATE: 1 << 3,
  /** Delete the node itself. */
  DELETE: 1 << 4,
  /** Delete any child of a folder, even one whose own entries deny its deletion. */
  DELETE_CHILDREN: 1 << 5,
  READ_PERMISSIONS: 1 << 6,
  CHANGE_PERMISSIONS: 1 << 7,
  TAKE_OWNERSHIP: 1 << 8,
} as const;

/** A set of rights, one bit per member of `Right`. */
export type RightsMask = number;

export type RightName = keyof typeof Right;

/** Every right, in the order in which explanations list them. */
export const RIGHT_NAMES = Object.keys(Right) as readonly RightName[];

/** Mask with every defined right. */
export const ALL_RIGHTS: RightsMask = RIGHT_NAMES.reduce((mask, name) => mask | Right[name], 0);

/** The named sets of the Windows security dialog ("Read", "Modify", "Full control"). */
export const Rights = {
  READ_ONLY: Right.LIST | Right.READ | Right.READ_PERMISSIONS,
  MODIFY:
    Right.LIST | Right.READ | Right.READ_PERMISSIONS | Right.WRITE | Right.CREATE | Right.DELETE,
  FULL_CONTROL: ALL_RIGHTS,
} as const;

/** Returns whether `mask` contains every right of `required`. */
export function hasRights(mask: RightsMask, required: RightsMask): boolean {
  return (mask & required) === required;
}

/** Returns the names of the rights in `mask`, in `RIGHT_NAMES` order. */
export function rightNames(mask: RightsMask): RightName[] {
  return RIGHT_NAMES.filter((name) => (mask & Right[name]) !== 0);
}
