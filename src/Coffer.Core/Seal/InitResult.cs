namespace Coffer.Core.Seal;

/// <summary>What <c>sys/init</c> hands out once: the unseal key shares and the initial root token.</summary>
public sealed record InitResult(IReadOnlyList<byte[]> Keys, string RootToken);
