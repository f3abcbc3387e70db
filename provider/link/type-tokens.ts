/**
 * The type tokens of a Smile Link in a stack (docs/reference.md): the dynamic `SmileLink`
 * (Pulumi names dynamic resources `pulumi-nodejs:dynamic/<module>:<type>`) and the native
 * provider's resource. Users' state holds them: they never change.
 */
export const PACKAGE_NAME = "smileid";
export const LINK_TYPE_NAME = "SmileLink";
export const DYNAMIC_LINK_TYPE = `pulumi-nodejs:dynamic/${PACKAGE_NAME}:${LINK_TYPE_NAME}`;
export const NATIVE_LINK_TYPE = `${PACKAGE_NAME}:index:${LINK_TYPE_NAME}`;
export const LINK_TYPES: readonly string[] = [DYNAMIC_LINK_TYPE, NATIVE_LINK_TYPE];
