using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace RuianSamples.Api.Common;

/// <summary>
/// Opaque keyset cursor: the sort key and id of the last row, and a fingerprint of the listing
/// (sort + filters) so that a cursor cannot be replayed against a different query.
/// </summary>
public sealed record Cursor(string? Key, long Id, string Fingerprint)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { Key ?? "\u0000", Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Fingerprint }));

    public static Cursor? Decode(string? text, string fingerprint, string parameter = "cursor")
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            if (text.Length > 512) throw new FormatException();
            var parts = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(text));
            if (parts is not { Length: 3 } || !long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var id)) throw new FormatException();
            if (parts[2] != fingerprint)
                throw new ApiInputException("invalid-cursor", parameter, "This cursor belongs to a listing with other filters or another sort. Keep the same query parameters while paging, or start again without cursor.");
            return new Cursor(parts[0] == "\u0000" ? null : parts[0], id, fingerprint);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or DecoderFallbackException)
        {
            throw new ApiInputException("invalid-cursor", parameter, "The cursor is malformed. Use the value of 'next' from a previous page unchanged.");
        }
    }

    public static string FingerprintOf(params object?[] parts) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..12];
}
