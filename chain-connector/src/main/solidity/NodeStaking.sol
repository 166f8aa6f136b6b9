// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// Stakes of media-node operators. An operator stakes tokens to register a node; taking them back
/// starts an unbonding period during which they can still be slashed; governance (the owner, the
/// timelock) slashes misbehaving operators, sending the tokens to the treasury.
contract NodeStaking is Ownable {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;
    uint256 public immutable unbondingDelay;
    address public immutable treasury;

    struct Unbonding {
        uint256 amount;
        uint256 releaseTime;
    }

    mapping(address operator => uint256) private _staked;
    mapping(address operator => Unbonding) private _unbonding;

    event Staked(address indexed operator, uint256 amount, uint256 total);
    event UnbondingStarted(address indexed operator, uint256 amount, uint256 releaseTime);
    event Withdrawn(address indexed operator, uint256 amount);
    event Slashed(address indexed operator, uint256 amount, bytes32 reason);

    error ZeroAmount();
    error InsufficientStake(uint256 staked, uint256 requested);
    error StillUnbonding(uint256 releaseTime);
    error NothingToWithdraw();

    constructor(
        IERC20 stakeToken,
        uint256 delaySeconds,
        address treasuryAddress,
        address governance
    ) Ownable(governance) {
        token = stakeToken;
        unbondingDelay = delaySeconds;
        treasury = treasuryAddress;
    }

    /// Tokens the operator has at stake now (unbonding tokens no longer count).
    function stakeOf(address operator) external view returns (uint256) {
        return _staked[operator];
    }

    function unbondingOf(address operator)
        external
        view
        returns (uint256 amount, uint256 releaseTime)
    {
        Unbonding storage u = _unbonding[operator];
        return (u.amount, u.releaseTime);
    }

    function stake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        token.safeTransferFrom(msg.sender, address(this), amount);
        _staked[msg.sender] += amount;
        emit Staked(msg.sender, amount, _staked[msg.sender]);
    }

    /// Moves tokens from the stake into unbonding; a new request restarts the delay for the
    /// whole unbonding amount.
    function unbond(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 staked = _staked[msg.sender];
        if (amount > staked) revert InsufficientStake(staked, amount);
        _staked[msg.sender] = staked - amount;
        Unbonding storage u = _unbonding[msg.sender];
        u.amount += amount;
        u.releaseTime = block.timestamp + unbondingDelay;
        emit UnbondingStarted(msg.sender, u.amount, u.releaseTime);
    }

    function withdraw() external {
        Unbonding memory u = _unbonding[msg.sender];
        if (u.amount == 0) revert NothingToWithdraw();
        if (block.timestamp < u.releaseTime) revert StillUnbonding(u.releaseTime);
        delete _unbonding[msg.sender];
        token.safeTransfer(msg.sender, u.amount);
        emit Withdrawn(msg.sender, u.amount);
    }

    /// Takes up to `amount` from the operator's stake, then from its unbonding tokens.
    function slash(address operator, uint256 amount, bytes32 reason) external onlyOwner {
        if (amount == 0) revert ZeroAmount();
        uint256 fromStake = amount < _staked[operator] ? amount : _staked[operator];
        _staked[operator] -= fromStake;
        uint256 rest = amount - fromStake;
        Unbonding storage u = _unbonding[operator];
        uint256 fromUnbonding = rest < u.amount ? rest : u.amount;
        u.amount -= fromUnbonding;
        uint256 taken = fromStake + fromUnbonding;
        if (taken == 0) revert InsufficientStake(0, amount);
        token.safeTransfer(treasury, taken);
        emit Slashed(operator, taken, reason);
    }
}
