package io.chroom.domain.model.analytics;

/**
 * The quality score the token economy counts, in basis points (0 to 10000): one hundred times the
 * mean ITU-T G.107 rating factor R of the audio participant-minutes measured, each minute rated by
 * {@link EModel#rating} from that minute's mean round trip, jitter and packet loss (what {@code
 * media_minutes} holds for it).
 *
 * <p>So a perfect narrowband call scores 9320 ({@code R = 93.2}, MOS 4.41), and the score reads
 * against the user satisfaction bands of ITU-T G.109: 9000 and more very satisfied, 8000 satisfied,
 * 7000 some users dissatisfied, 6000 many, 5000 nearly all. Minutes in which no audio was measured
 * (video only, or no statistics from the node) are not rated; a record with none scores 0.
 */
public final class QualityScore {

    /** The highest score: {@code R = 100}. */
    public static final int MAX = 10_000;

    private long minutes;
    private double ratings;

    /** Counts one measured audio participant-minute. */
    public QualityScore add(double rttMillis, double jitterMillis, double lossPercent) {
        ratings += EModel.rating(rttMillis, jitterMillis, lossPercent);
        minutes++;
        return this;
    }

    /** Audio participant-minutes rated. */
    public long minutes() {
        return minutes;
    }

    /** The score in basis points; 0 when no minute was rated. */
    public int basisPoints() {
        if (minutes == 0) {
            return 0;
        }
        return of(ratings / minutes);
    }

    /** The score of a rating factor: {@code round(100 R)}, within 0 and {@link #MAX}. */
    public static int of(double rating) {
        return (int) Math.max(0, Math.min(MAX, Math.round(rating * 100)));
    }
}
