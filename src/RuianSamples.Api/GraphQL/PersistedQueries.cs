using System.Security.Cryptography;
using System.Text;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// Automatic persisted queries (Apollo's protocol): a client sends only
/// extensions.persistedQuery.sha256Hash; when the server does not know the hash it answers
/// PersistedQueryNotFound and the client retries with the query, which is then kept. Bounded;
/// cleared when full.
/// </summary>
public sealed class PersistedQueries
{
    private readonly BoundedCache<string, string> _queries = new(GraphQLLimits.PersistedQueryEntries, StringComparer.Ordinal);

    public static string HashOf(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public bool TryGet(string hash, out string query) => _queries.TryGetValue(hash.ToLowerInvariant(), out query!);

    public void Add(string hash, string query)
    {
        _queries.Set(hash.ToLowerInvariant(), query);
    }
}
