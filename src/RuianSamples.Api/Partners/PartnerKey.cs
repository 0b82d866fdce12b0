using System.Security.Claims;
using System.Security.Cryptography;

namespace RuianSamples.Api.Partners;

/// <summary>What a partner key may do: write sources, figures or reforms, or read the audit log.</summary>
public static class Scopes
{
    public const string SourcesWrite = "sources:write";
    public const string FiguresWrite = "figures:write";
    public const string ReformsWrite = "reforms:write";
    public const string AuditRead = "audit:read";
    public static readonly string[] All = [SourcesWrite, FiguresWrite, ReformsWrite, AuditRead];
}

/// <summary>
/// The authenticated key, read back from the request's claims. Regions are held as their paths
/// ('/zhejiang/wenzhou/ruian/'): a county's key covers its towns by prefix, as the read filters do.
/// </summary>
public sealed record PartnerKey(long Id, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string> Regions, IReadOnlyList<string> RegionPaths)
{
    public const string IdClaim = "key_id";
    public const string ScopeClaim = "scope";
    public const string RegionClaim = "region";
    public const string RegionPathClaim = "region_path";

    public static PartnerKey? From(ClaimsPrincipal user)
    {
        if (user.FindFirst(IdClaim) is not { } id) return null;
        return new PartnerKey(long.Parse(id.Value, System.Globalization.CultureInfo.InvariantCulture), user.Identity?.Name ?? "",
            user.FindAll(ScopeClaim).Select(c => c.Value).ToList(), user.FindAll(RegionClaim).Select(c => c.Value).ToList(),
            user.FindAll(RegionPathClaim).Select(c => c.Value).ToList());
    }

    public bool Covers(string regionPath) => RegionPaths.Any(p => regionPath.StartsWith(p, StringComparison.Ordinal));

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, Name), new(IdClaim, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        claims.AddRange(Scopes.Select(s => new Claim(ScopeClaim, s)));
        claims.AddRange(Regions.Select(r => new Claim(RegionClaim, r)));
        claims.AddRange(RegionPaths.Select(p => new Claim(RegionPathClaim, p)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}

/// <summary>
/// Tokens are 256 random bits; the database keeps only their SHA-256. A fast hash is right here,
/// unlike for passwords: guessing a 256-bit token is hopeless however fast each guess is, and a
/// slow hash (bcrypt, Argon2) would cost every request tens of milliseconds for no gain.
/// </summary>
public static class KeyTokens
{
    public const string Prefix = "rsk_";

    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>The first characters, safe to show in listings and logs, to tell keys apart.</summary>
    public static string Display(string token) => token[..Math.Min(token.Length, Prefix.Length + 6)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
