using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Partners;

/// <summary>
/// ASP.NET Core authentication for partner keys: <c>Authorization: Bearer &lt;token&gt;</c>, looked up
/// by the token's SHA-256. A request without the header is anonymous (reads need nothing); a wrong or
/// revoked token fails. Challenges and refusals answer as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, PartnerQueries queries)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("The Authorization header is not 'Bearer <token>'.");
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("The bearer token is empty or too long.");
        var found = await queries.KeyByHashAsync(KeyTokens.Hash(token));
        if (found is not { } key) return AuthenticateResult.Fail("The token is not a key of this catalog.");
        if (key.Key.RevokedAt is not null) return AuthenticateResult.Fail($"The key was revoked at {key.Key.RevokedAt}.");
        var partner = new PartnerKey(key.Key.Id, key.Key.Name, key.Key.ScopeList, key.Key.RegionList, key.RegionPaths);
        return AuthenticateResult.Success(new AuthenticationTicket(partner.ToPrincipal(SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer realm=\"RuianSamples\""
            : $"Bearer realm=\"RuianSamples\", error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'", StringComparison.Ordinal)}\"";
        await ApiProblems.Problem("unauthorized", failure ?? "This write needs a partner key: send 'Authorization: Bearer <token>'.").ExecuteAsync(Context);
    }
}

/// <summary>A 403 names the scope the key lacks (the region check, which needs the record, is the write service's).</summary>
public sealed class ScopeRefusalHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden)
        {
            var missing = result.AuthorizationFailure?.FailedRequirements.OfType<ClaimsAuthorizationRequirement>()
                .SelectMany(r => r.AllowedValues ?? []).ToList() ?? [];
            var detail = missing.Count > 0
                ? $"This key lacks the scope {string.Join(", ", missing.Select(m => $"'{m}'"))}."
                : "This key may not do this.";
            await ApiProblems.Problem("forbidden", detail, new Dictionary<string, string[]> { ["scope"] = missing.Count > 0 ? [.. missing] : [detail] }).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
