// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// The parameters of the network that only governance may change: its owner is the timelock, so
/// every change is a passed and executed proposal. The API reads them and follows each change.
contract NetworkParameters is Ownable {
    /// Token base units charged for one participant-minute, at least.
    uint256 public pricePerParticipantMinute;
    /// Token base units shared among operators at the end of each epoch.
    uint256 public rewardPerEpoch;
    /// Quality score (0 to 10000, basis points) a node must reach to earn rewards.
    uint256 public minQualityScore;
    /// Length of an epoch in seconds.
    uint256 public epochLength;
    /// Stake an operator must hold to register a media node.
    uint256 public minimumStake;

    event ParameterChanged(bytes32 indexed name, uint256 oldValue, uint256 newValue);

    error QualityScoreOutOfRange(uint256 value);
    error ZeroEpochLength();

    constructor(
        address governance,
        uint256 price,
        uint256 reward,
        uint256 minQuality,
        uint256 epochSeconds,
        uint256 stake
    ) Ownable(governance) {
        if (minQuality > 10000) revert QualityScoreOutOfRange(minQuality);
        if (epochSeconds == 0) revert ZeroEpochLength();
        pricePerParticipantMinute = price;
        rewardPerEpoch = reward;
        minQualityScore = minQuality;
        epochLength = epochSeconds;
        minimumStake = stake;
    }

    function setPricePerParticipantMinute(uint256 value) external onlyOwner {
        emit ParameterChanged("pricePerParticipantMinute", pricePerParticipantMinute, value);
        pricePerParticipantMinute = value;
    }

    function setRewardPerEpoch(uint256 value) external onlyOwner {
        emit ParameterChanged("rewardPerEpoch", rewardPerEpoch, value);
        rewardPerEpoch = value;
    }

    function setMinQualityScore(uint256 value) external onlyOwner {
        if (value > 10000) revert QualityScoreOutOfRange(value);
        emit ParameterChanged("minQualityScore", minQualityScore, value);
        minQualityScore = value;
    }

    function setEpochLength(uint256 value) external onlyOwner {
        if (value == 0) revert ZeroEpochLength();
        emit ParameterChanged("epochLength", epochLength, value);
        epochLength = value;
    }

    function setMinimumStake(uint256 value) external onlyOwner {
        emit ParameterChanged("minimumStake", minimumStake, value);
        minimumStake = value;
    }
}
