import { describeNativeLifecycle } from "../helpers/native-lifecycle";

// A Python project, run by the Python language host with the `pulumi` SDK from PyPI.
describeNativeLifecycle("python");
