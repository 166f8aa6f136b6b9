// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// The timelock that executes passed proposals after a delay; it owns the network parameters.
contract ChroomTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors,
        address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
