package io.chroom.domain.model.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The quality score is 100 x the mean E-model rating of the minutes measured. */
class QualityScoreTest {

    @Test
    void aPerfectNarrowbandMinuteScores9320() {
        assertEquals(9320, new QualityScore().add(40, 6, 0).basisPoints(), "R = 93.2");
    }

    @Test
    void lossLowersTheScoreAsTheEModelDoes() {
        // Ie,eff = 95 x 1.923 / (1.923 + 25.1) = 6.76: R = 86.44
        assertEquals(8644, new QualityScore().add(40, 6, 1.923).basisPoints());
    }

    @Test
    void theScoreIsTheMeanOfTheMinutesRatings() {
        QualityScore score = new QualityScore().add(40, 6, 0).add(40, 6, 100.0 * 10 / 260);
        // R = 93.2 and R = 80.6 (3.85 % loss, Ie,eff 12.6): mean 86.9
        assertEquals(2, score.minutes());
        assertEquals(8690, score.basisPoints(), 5);
    }

    @Test
    void nothingMeasuredScoresZero() {
        assertEquals(0, new QualityScore().basisPoints());
    }

    @Test
    void scoresStayWithinZeroAndTenThousand() {
        assertEquals(10_000, QualityScore.of(120));
        assertEquals(0, QualityScore.of(-3));
        assertEquals(6000, QualityScore.of(60));
    }
}
