package io.pgrepl.core.model;

import java.util.Collection;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The known name closest to a misspelt one, for "did you mean" hints: a typo of a few letters
 * (a dropped, doubled or swapped letter) finds its word; anything further finds nothing, because a
 * wrong guess misleads more than no guess.
 */
public final class DidYouMean {

	private DidYouMean() {
	}

	/** The candidate nearest to {@code name} (ignoring case), or {@code null} when none is near. */
	public static @Nullable String closest(String name, Collection<String> candidates) {
		String lower = name.toLowerCase(Locale.ROOT);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : candidates) {
			int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		// Two edits, or a third of the word for long names: more than that is another word.
		int allowed = Math.max(2, lower.length() / 3);
		return (best != null && bestDistance <= allowed) ? best : null;
	}

	/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
	static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

}
