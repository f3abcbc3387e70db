module smile-links-native-go

go 1.26.6

require (
	github.com/pulumi-smile-links/pulumi-smile-links/sdk v0.1.0
	github.com/pulumi/pulumi/sdk/v3 v3.274.1
)

// The SDK module from the release archive, unpacked into ./sdk. Once the module is published
// (tag sdk/v0.1.0), drop this line and run
// `go get github.com/pulumi-smile-links/pulumi-smile-links/sdk@v0.1.0` instead.
replace github.com/pulumi-smile-links/pulumi-smile-links/sdk => ./sdk
