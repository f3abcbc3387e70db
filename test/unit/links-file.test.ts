import { describe, expect, it } from "vitest";
import { formatProblem, loadLinksFile } from "../../provider/links-file/load";

const DEFAULTS = `defaults:
  companyName: Acme
  callbackUrl: https://acme.example/smile/callback
  dataPrivacyPolicyUrl: https://acme.example/privacy
`;

function problemsOf(text: string, environment: "sandbox" | "production" = "sandbox") {
  return loadLinksFile(text, "links.yaml", { environment }).problems.map(formatProblem);
}

describe("links file: a valid file", () => {
  it("yields each link under its resource name, with defaults merged and normalized", () => {
    const { links, problems } = loadLinksFile(
      `${DEFAULTS}links:
  onboarding:
    name: Customer onboarding
    idTypes:
      - { country: ng, idType: BVN, verificationMethod: enhanced_kyc }
`,
      "links.yaml",
    );
    expect(problems).toEqual([]);
    expect(links).toEqual([
      {
        name: "onboarding",
        inputs: expect.objectContaining({
          name: "Customer onboarding",
          companyName: "Acme",
          idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" }],
          isDisabled: false,
        }),
      },
    ]);
  });

  it("lets a link's own value win over defaults and replaces lists and maps whole", () => {
    const { links } = loadLinksFile(
      `defaults:
  companyName: Acme
  callbackUrl: https://acme.example/cb
  dataPrivacyPolicyUrl: https://acme.example/privacy
  partnerParams: { a: "1", b: "2" }
  idTypes:
    - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
links:
  partner:
    name: Partner
    companyName: Partner Ltd
    partnerParams: { c: "3" }
    idTypes:
      - { country: GH, idType: PASSPORT, verificationMethod: doc_verification }
`,
      "links.yaml",
    );
    expect(links[0]!.inputs).toMatchObject({
      companyName: "Partner Ltd",
      partnerParams: { c: "3" },
      idTypes: [{ country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" }],
    });
  });
});

describe("links file: each problem at its line", () => {
  it("reports a YAML syntax error", () => {
    expect(problemsOf(`links:\n  a: [1\n`)).toEqual([
      "links.yaml:3:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("names a repeated key with both places, and still checks the rest of the file", () => {
    const text = `${DEFAULTS}links:
  a:
    name: x
    name: ""
    idTypes:
      - { country: XX, idType: BVN, verificationMethod: enhanced_kyc }
`;
    expect(problemsOf(text)).toEqual([
      'links.yaml:8:5: links.a: the key "name" is given twice, at 7:5 and 8:5; a key may appear once in a map',
      "links.yaml:8:11: links.a.name: must not be empty",
      expect.stringMatching(/^links\.yaml:10:20: links\.a\.idTypes\[0\]\.country: must be an ISO/),
    ]);
  });

  it("checks each of two links given the same name, each at its own lines", () => {
    const text = `${DEFAULTS}links:
  a:
    name: ""
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
  a:
    name: A
`;
    expect(problemsOf(text)).toEqual([
      "links.yaml:7:11: links.a.name: must not be empty",
      'links.yaml:10:3: links: the key "a" is given twice, at 6:3 and 10:3; a key may appear once in a map',
      "links.yaml:11:5: links.a.idTypes: is required",
    ]);
  });

  it("names a repeated top-level key without a map's name", () => {
    expect(problemsOf(`${DEFAULTS}links: {}\nlinks: {}\n`)).toEqual([
      'links.yaml:6:1: the key "links" is given twice, at 5:1 and 6:1; a key may appear once in a map',
    ]);
  });

  it("reports an unknown key in a link, with a suggestion", () => {
    const text = `${DEFAULTS}links:
  a:
    name: A
    callbakUrl: https://acme.example/cb
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
`;
    expect(problemsOf(text)).toEqual([
      'links.yaml:8:17: links.a.callbakUrl: is not a known property; did you mean "callbackUrl"?',
    ]);
  });

  it("reports an unknown top-level key, with a suggestion", () => {
    expect(problemsOf(`${DEFAULTS}link: {}\n`)).toEqual([
      "links.yaml:1:1: links: is required: a map from each link's resource name to its inputs",
      'links.yaml:5:7: "link" is not a known key; did you mean "links"?',
    ]);
  });

  it("reports an unknown key in defaults", () => {
    const text = `defaults:\n  compnyName: Acme\nlinks: {}\n`;
    expect(problemsOf(text)).toEqual([
      'links.yaml:2:15: defaults.compnyName: "compnyName" is not a known key; did you mean "companyName"?',
    ]);
  });

  it("reports a misspelled default once, at the defaults, however many links it would serve", () => {
    const text = `${DEFAULTS.replace("companyName", "compnayName")}links:
  a:
    name: A
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
  b:
    name: B
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
`;
    expect(problemsOf(text)).toEqual([
      'links.yaml:2:16: defaults.compnayName: "compnayName" is not a known key; did you mean "companyName"?',
    ]);
  });

  it("reports a bad value inside an ID type at its own line and column", () => {
    const text = `${DEFAULTS}links:
  a:
    name: A
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
      - { country: KE, idType: NATIONAL_ID, verificationMethod: selfie }
`;
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        /^links\.yaml:10:65: links\.a\.idTypes\[1\]\.verificationMethod: must be one of biometric_kyc, .*got "selfie"$/,
      ),
    ]);
  });

  it("reports a missing required input at the link", () => {
    const text = `${DEFAULTS}links:
  a:
    name: A
`;
    expect(problemsOf(text)).toEqual(["links.yaml:7:5: links.a.idTypes: is required"]);
  });

  it("reports a bad default at the defaults line, naming the link that uses it", () => {
    const text = `defaults:
  companyName: Acme
  callbackUrl: not-a-url
  dataPrivacyPolicyUrl: https://acme.example/privacy
links:
  a:
    name: A
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
`;
    expect(problemsOf(text)).toEqual([
      `links.yaml:3:16: defaults.callbackUrl (used by links.a): must be an absolute http(s) URL; got "not-a-url"`,
    ]);
  });

  it("applies the production rules when asked", () => {
    const text = `${DEFAULTS.replace("https://acme.example/privacy", "http://acme.example/privacy")}links:
  a:
    name: A
    idTypes:
      - { country: NG, idType: BVN, verificationMethod: enhanced_kyc }
`;
    expect(problemsOf(text, "production")).toEqual([
      'links.yaml:4:25: defaults.dataPrivacyPolicyUrl (used by links.a): must use https in production; got "http://acme.example/privacy"',
    ]);
  });

  it("reports every problem of every link, in line order", () => {
    const text = `${DEFAULTS}links:
  a:
    name: ""
    idTypes: []
  b:
    name: B
    isSingleUse: "yes"
    idTypes:
      - { country: XX, idType: BVN, verificationMethod: enhanced_kyc }
`;
    expect(problemsOf(text).map((line) => line.split(": ")[0])).toEqual([
      "links.yaml:7:11",
      "links.yaml:8:14",
      "links.yaml:11:18",
      "links.yaml:13:20",
    ]);
  });

  it("reports a file that is not a map", () => {
    expect(problemsOf("- a\n- b\n")).toEqual([
      "links.yaml:1:1: a links file is a map with `links` (and optionally `defaults`)",
    ]);
  });
});
