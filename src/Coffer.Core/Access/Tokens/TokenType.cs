namespace Coffer.Core.Access;

/// <summary>Vault's two kinds of token: stored service tokens, and self-contained encrypted batch tokens.</summary>
public enum TokenType
{
    Service,
    Batch,
}
