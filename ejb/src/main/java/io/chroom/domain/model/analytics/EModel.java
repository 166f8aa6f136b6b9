package io.chroom.domain.model.analytics;

/**
 * The ITU-T G.107 E-model (06/2015), reduced to the impairments a media node can measure: delay and
 * packet loss. Every other input keeps its G.107 default value, so that a perfect connection rates
 * {@code R = 93.2}, the standard's reference for narrowband telephony.
 *
 * <p>{@code R = (Ro - Is) - Id - Ie,eff + A} with
 *
 * <ul>
 *   <li>{@code Ro - Is = 93.2} and {@code A = 0} (G.107 Table 2 defaults; no advantage factor);
 *   <li>{@code Id} the delay impairment {@code Idd} of G.107 clause 7.4 for the absolute one-way
 *       delay {@code Ta} (zero up to 100 ms); talker and listener echo stay at their defaults, as
 *       WebRTC clients cancel echo;
 *   <li>{@code Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl)} (G.107 clause 7.5), with
 *       random loss ({@code BurstR = 1}, bursts are not measured).
 * </ul>
 *
 * <p>The codec values: ITU-T G.113 lists no {@code Ie} or {@code Bpl} for Opus. Chroom uses those
 * of G.711 with packet loss concealment from G.113 Appendix I ({@code Ie = 0}, {@code Bpl = 25.1}):
 * Opus at WebRTC bitrates is at least as good as narrowband G.711 and conceals loss at least as
 * well, so the score is a narrowband lower bound, comparable across calls and with telephony.
 *
 * <p>The one-way delay is estimated from what RTCP reports: half the round trip, plus a jitter
 * buffer of twice the interarrival jitter, plus one 20 ms Opus frame of packetisation, the
 * effective-latency estimate of Cole and Rosenbluth, "Voice over IP performance monitoring" (ACM
 * SIGCOMM CCR 31(2), 2001).
 *
 * <p>MOS is the conversational quality estimate of G.107 Annex B: 1 below {@code R = 0}, 4.5 above
 * {@code R = 100}, and {@code 1 + 0.035 R + R (R - 60) (100 - R) 7e-6} between.
 */
public final class EModel {

    /** {@code Ro - Is} with every G.107 default: the rating of a perfect narrowband call. */
    public static final double DEFAULT_R = 93.2;

    /** Equipment impairment of G.711 with packet loss concealment (G.113 Appendix I). */
    public static final double IE = 0;

    /** Packet-loss robustness of G.711 with packet loss concealment (G.113 Appendix I). */
    public static final double BPL = 25.1;

    /** Packetisation delay of one 20 ms Opus frame, as WebRTC sends audio. */
    static final double FRAME_MILLIS = 20;

    private EModel() {}

    /**
     * The rating factor for a stream.
     *
     * @param rttMillis RTCP round trip time in milliseconds
     * @param jitterMillis RTCP interarrival jitter in milliseconds
     * @param lossPercent packets lost, in percent of those sent (0 to 100)
     */
    public static double rating(double rttMillis, double jitterMillis, double lossPercent) {
        double oneWay = oneWayDelay(rttMillis, jitterMillis);
        double r = DEFAULT_R - delayImpairment(oneWay) - lossImpairment(lossPercent, 1.0);
        return Math.max(0, r);
    }

    /** The G.107 Annex B MOS of a rating factor. */
    public static double mos(double r) {
        if (r <= 0) {
            return 1;
        }
        if (r >= 100) {
            return 4.5;
        }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
    }

    /** MOS of a stream, rounded to two decimals as the API answers it. */
    public static double mos(double rttMillis, double jitterMillis, double lossPercent) {
        return Math.round(mos(rating(rttMillis, jitterMillis, lossPercent)) * 100) / 100.0;
    }

    /** Effective one-way delay: half the round trip, a jitter buffer of 2 x jitter, one frame. */
    static double oneWayDelay(double rttMillis, double jitterMillis) {
        return Math.max(0, rttMillis) / 2 + 2 * Math.max(0, jitterMillis) + FRAME_MILLIS;
    }

    /** {@code Idd} of G.107 clause 7.4 with {@code mT = 100 ms} and {@code sT = 1}. */
    static double delayImpairment(double taMillis) {
        if (taMillis <= 100) {
            return 0;
        }
        double x = Math.log10(taMillis / 100) / Math.log10(2);
        return 25
                * (Math.pow(1 + Math.pow(x, 6), 1.0 / 6)
                        - 3 * Math.pow(1 + Math.pow(x / 3, 6), 1.0 / 6)
                        + 2);
    }

    /** {@code Ie,eff} of G.107 clause 7.5 for the codec above. */
    static double lossImpairment(double lossPercent, double burstRatio) {
        double ppl = Math.min(100, Math.max(0, lossPercent));
        return IE + (95 - IE) * ppl / (ppl / burstRatio + BPL);
    }
}
