namespace RuianSamples.Api.Figures;

/// <summary>
/// A figure's value as its source writes it, for pages, search evidence and schema.org: the qualifier where
/// Chinese puts it (超300名, 260余项, 2000多个, 350亿元以上, 8%左右) and the unit not repeated when the written
/// value already ends with it (8分59秒 with unit 秒, 百亿 with unit 亿元 → 百亿元).
/// </summary>
public static class FigureText
{
    /// <summary>
    /// The value, unit and qualifier in the order the quote writes them when one of the usual orders is in the
    /// quote (余 and 多 go before or after a 万/亿 of the unit: 480余万人, 4万余户), else the usual order.
    /// </summary>
    public static string AsWritten(string valueText, string? unit, string? qualifier, string? quote = null)
    {
        var candidates = Candidates(valueText, unit, qualifier);
        if (quote is not null)
            foreach (var candidate in candidates)
                if (quote.Contains(candidate, StringComparison.Ordinal)) return candidate;
        return candidates[0];
    }

    /// <summary>The written value and its unit, the unit's first characters left out when the value already ends with them.</summary>
    public static string WithUnit(string valueText, string? unit)
    {
        if (string.IsNullOrEmpty(unit)) return valueText;
        for (var k = Math.Min(valueText.Length, unit.Length); k > 0; k--)
            if (valueText.EndsWith(unit[..k], StringComparison.Ordinal)) return valueText + unit[k..];
        return valueText + unit;
    }

    private static List<string> Candidates(string valueText, string? unit, string? qualifier)
    {
        var withUnit = WithUnit(valueText, unit);
        if (string.IsNullOrEmpty(qualifier)) return [withUnit];
        var candidates = new List<string>();
        switch (qualifier)
        {
            case "余" or "多":
                candidates.Add(valueText + qualifier + (unit ?? ""));
                if (unit is { Length: > 1 } && "万亿千百".Contains(unit[0]))
                    candidates.Add(WithUnit(valueText, unit[..1]) + qualifier + unit[1..]);
                break;
            case "以上" or "左右" or "以下":
                candidates.Add(withUnit + qualifier);
                break;
        }
        candidates.Add(qualifier + withUnit);
        return candidates;
    }
}
