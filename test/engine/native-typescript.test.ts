import { describeNativeLifecycle } from "../helpers/native-lifecycle";

// A TypeScript project that declares links with the native provider's generated SDK.
describeNativeLifecycle("typescript");
