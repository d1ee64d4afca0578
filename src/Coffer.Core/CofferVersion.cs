namespace Coffer.Core; public static class CofferVersion { public const string Version = "0.1.0"; }
